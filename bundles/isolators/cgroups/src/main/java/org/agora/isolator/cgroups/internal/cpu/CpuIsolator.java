/*
 * Copyright 2026 the Agora authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except in compliance with
 * the License. You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software distributed under the License is distributed on
 * an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the
 * specific language governing permissions and limitations under the License.
 */
package org.agora.isolator.cgroups.internal.cpu;

import java.util.List;
import java.util.Map;
import org.agora.api.config.TypedConfig;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.isolator.Isolator;
import org.agora.api.resources.Resources;
import org.agora.isolator.cgroups.internal.CgroupIsolator;
import org.agora.isolator.cgroups.internal.Cgroups;
import org.agora.isolator.cgroups.internal.hierarchy.Cgroup;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code cgroups/cpu}: a container's {@code cpus} become its CPU weight against other containers (v1
 * {@code cpu.shares}, v2 {@code cpu.weight}) and, with {@code cfs_enabled}, a hard cap (v1 {@code cpu.cfs_quota_us},
 * v2 {@code cpu.max}). Usage reports user and system CPU time (v1 from the cpuacct hierarchy, v2 {@code cpu.stat}).
 */
@Component(service = Isolator.class, property = "isolator.name=" + CpuIsolator.NAME, configurationPid = CpuIsolator.PID)
@Designate(ocd = CpuConfig.class)
public final class CpuIsolator extends CgroupIsolator {
    public static final String NAME = "cgroups/cpu";
    static final String PID = "org.agora.isolator.cgroups.cpu";
    /** cpuacct.stat counts in USER_HZ, which is 100 on every Linux architecture Agora runs on. */
    private static final double USER_HZ = 100.0;

    private volatile CpuConfig config;

    @Activate
    public CpuIsolator(@Reference Cgroups cgroups, Map<String, Object> properties) {
        super(cgroups);
        this.config = TypedConfig.read(CpuConfig.class, PID, properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        config = TypedConfig.read(CpuConfig.class, PID, properties);
        log.info("{}: CFS quota {} (period {} us) for containers prepared or updated from now on", NAME,
                config.cfs_enabled() ? "enabled" : "disabled", config.cfs_period_us());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected List<String> controllers(CgroupVersion version) {
        return version == CgroupVersion.V1 ? List.of("cpu", "cpuacct") : List.of("cpu");
    }

    @Override
    protected void apply(String name, Resources resources, boolean created) {
        CpuConfig c = config;
        double cpus = resources.scalar("cpus");
        long shares = CpuShares.shares(cpus);
        long period = c.cfs_period_us();
        long quota = CpuShares.quotaUs(cpus, period);
        Cgroup cgroup = cgroup("cpu", name);
        if (cgroups.version() == CgroupVersion.V1) {
            cgroup.write("cpu.shares", Long.toString(shares));
            if (c.cfs_enabled()) {
                cgroup.write("cpu.cfs_period_us", Long.toString(period));
                cgroup.write("cpu.cfs_quota_us", Long.toString(quota));
            } else if (!created) {
                cgroup.write("cpu.cfs_quota_us", "-1");
            }
        } else {
            cgroup.write("cpu.weight", Long.toString(CpuShares.weight(shares)));
            cgroup.write("cpu.max", (c.cfs_enabled() ? Long.toString(quota) : "max") + " " + period);
        }
        log.debug("{}: container {}: {} cpus: shares {}{}", NAME, name, cpus, shares,
                c.cfs_enabled() ? ", CFS quota " + quota + " us per " + period + " us" : "");
    }

    @Override
    protected ContainerUsage measure(String name, Resources resources, long processes) {
        double user;
        double system;
        if (cgroups.version() == CgroupVersion.V1) {
            Cgroup acct = cgroup("cpuacct", name);
            if (acct.has("cpuacct.usage_user") && acct.has("cpuacct.usage_sys")) {
                user = acct.readLong("cpuacct.usage_user") / 1e9;
                system = acct.readLong("cpuacct.usage_sys") / 1e9;
            } else {
                Map<String, Long> stat = acct.readKeyed("cpuacct.stat");
                user = stat.getOrDefault("user", 0L) / USER_HZ;
                system = stat.getOrDefault("system", 0L) / USER_HZ;
            }
        } else {
            Map<String, Long> stat = cgroup("cpu", name).readKeyed("cpu.stat");
            user = stat.getOrDefault("user_usec", 0L) / 1e6;
            system = stat.getOrDefault("system_usec", 0L) / 1e6;
        }
        return new ContainerUsage(now(), user, system, resources.scalar("cpus"), -1, -1, processes);
    }
}
