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
package org.agora.isolator.cgroups.internal.memory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.agora.api.config.TypedConfig;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.isolator.Isolator;
import org.agora.api.isolator.IsolatorException;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.isolator.cgroups.internal.CgroupIsolator;
import org.agora.isolator.cgroups.internal.Cgroups;
import org.agora.isolator.cgroups.internal.hierarchy.Cgroup;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupException;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code cgroups/mem}: a container's {@code mem} becomes its memory limit (v1 {@code memory.limit_in_bytes}, v2
 * {@code memory.max}). When the kernel's OOM killer kills a process of the container, {@link #watch} completes with
 * {@code REASON_CONTAINER_LIMITATION_MEMORY} and the agent ends the container, as Mesos does. Any OOM kill in the
 * container's life counts, one that happened while the agent was down included.
 */
@Component(service = Isolator.class, property = "isolator.name=" + MemoryIsolator.NAME,
        configurationPid = MemoryIsolator.PID)
@Designate(ocd = MemoryConfig.class)
public final class MemoryIsolator extends CgroupIsolator implements AutoCloseable {
    public static final String NAME = "cgroups/mem";
    static final String PID = "org.agora.isolator.cgroups.mem";
    /** Mesos's floor: a smaller limit makes even a shell fail in confusing ways. */
    static final long MIN_LIMIT_BYTES = 32L << 20;

    private volatile MemoryConfig config;
    private final OomWatch oomWatch;

    @Activate
    public MemoryIsolator(@Reference Cgroups cgroups, Map<String, Object> properties) {
        super(cgroups);
        this.config = TypedConfig.read(MemoryConfig.class, PID, properties);
        this.oomWatch = new OomWatch(() -> config.oom_poll_ms());
    }

    @Modified
    void modified(Map<String, Object> properties) {
        config = TypedConfig.read(MemoryConfig.class, PID, properties);
    }

    @Deactivate
    @Override
    public void close() {
        oomWatch.close();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected List<String> controllers(CgroupVersion version) {
        return List.of("memory");
    }

    /** The limit in bytes for {@code mem} megabytes. */
    static long limitBytes(double memMb) {
        return Math.max(MIN_LIMIT_BYTES, (long) (memMb * 1024 * 1024));
    }

    @Override
    protected void apply(String name, Resources resources, boolean created) {
        long limit = limitBytes(resources.scalar("mem"));
        Cgroup cgroup = cgroup("memory", name);
        boolean swap = config.limit_swap();
        if (cgroups.version() == CgroupVersion.V1) {
            if (swap && !cgroup.has("memory.memsw.limit_in_bytes")) {
                throw new CgroupException(cgroup + ": limit_swap needs swap accounting (memory.memsw.limit_in_bytes "
                        + "is missing; boot with swapaccount=1)");
            }
            // the kernel wants memsw >= limit at every step: when raising, memsw goes first; when lowering, last
            long current = swap ? cgroup.readLong("memory.limit_in_bytes") : 0;
            if (swap && limit > current) {
                cgroup.write("memory.memsw.limit_in_bytes", Long.toString(limit));
            }
            cgroup.write("memory.limit_in_bytes", Long.toString(limit));
            if (swap && limit <= current) {
                cgroup.write("memory.memsw.limit_in_bytes", Long.toString(limit));
            }
            cgroup.write("memory.soft_limit_in_bytes", Long.toString(limit));
        } else {
            cgroup.write("memory.max", Long.toString(limit));
            if (swap) {
                cgroup.write("memory.swap.max", "0");
            }
        }
        log.debug("{}: container {}: memory limit {} bytes ({} MB){}", NAME, name, limit, limit >> 20,
                swap ? ", swap included" : "");
    }

    @Override
    public CompletionStage<ContainerLimitation> watch(ContainerID containerId) {
        if (containerId.hasParent()) {
            return super.watch(containerId);
        }
        String name = containerId.getValue();
        if (!containers().contains(containerId)) {
            throw new IsolatorException(NAME + ": container " + name + " is unknown: cannot watch it");
        }
        return oomWatch.watch(containerId, () -> oomKilled(containerId));
    }

    @Override
    protected void forget(ContainerID containerId) {
        oomWatch.forget(containerId);
    }

    /** A limitation when the container's OOM kill counter moved off 0 (v1 without the counter: under_oom). */
    private Optional<ContainerLimitation> oomKilled(ContainerID id) {
        Cgroup cgroup = cgroup("memory", id.getValue());
        long kills;
        long peak;
        long limit;
        if (cgroups.version() == CgroupVersion.V1) {
            Map<String, Long> oom = cgroup.readKeyed("memory.oom_control");
            kills = oom.containsKey("oom_kill") ? oom.get("oom_kill") : oom.getOrDefault("under_oom", 0L);
            peak = cgroup.readLong("memory.max_usage_in_bytes");
            limit = cgroup.readLong("memory.limit_in_bytes");
        } else {
            kills = cgroup.readKeyed("memory.events").getOrDefault("oom_kill", 0L);
            peak = cgroup.has("memory.peak") ? cgroup.readLong("memory.peak") : -1;
            limit = readLimit(cgroup, "memory.max");
        }
        if (kills <= 0) {
            return Optional.empty();
        }
        String message = "memory limit " + (limit >> 20) + " MB exceeded: the kernel's OOM killer killed " + kills
                + " process(es) of the container" + (peak >= 0 ? " (peak usage " + (peak >> 20) + " MB)" : "");
        log.info("{}: container {}: {}", NAME, id.getValue(), message);
        Resources mem = resources(id).filter(r -> r.getName().equals("mem"));
        return Optional.of(new ContainerLimitation(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY, message,
                mem));
    }

    @Override
    protected ContainerUsage measure(String name, Resources resources, long processes) {
        Cgroup cgroup = cgroup("memory", name);
        long rss;
        long limit;
        if (cgroups.version() == CgroupVersion.V1) {
            Map<String, Long> stat = cgroup.readKeyed("memory.stat");
            rss = stat.getOrDefault("total_rss", stat.getOrDefault("rss", -1L));
            limit = cgroup.readLong("memory.limit_in_bytes");
        } else {
            rss = cgroup.readKeyed("memory.stat").getOrDefault("anon", -1L);
            limit = readLimit(cgroup, "memory.max");
        }
        return new ContainerUsage(now(), -1, -1, -1, rss, limit, processes);
    }

    /** A v2 limit file: a number, or "max" for none (-1). */
    private static long readLimit(Cgroup cgroup, String file) {
        String text = cgroup.read(file);
        return text.equals("max") ? -1 : cgroup.readLong(file);
    }
}
