package org.agora.isolator.cgroups.internal.io;

import java.util.List;
import java.util.Map;
import org.agora.api.config.TypedConfig;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.isolator.Isolator;
import org.agora.api.isolator.IsolatorException;
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

/** {@code cgroups/blkio} (cgroup v1 only): the configured per-device throttles in {@code blkio.throttle.*}. */
@Component(service = Isolator.class, property = "isolator.name=" + BlkioIsolator.NAME,
        configurationPid = BlkioIsolator.PID)
@Designate(ocd = ThrottleConfig.class)
public final class BlkioIsolator extends CgroupIsolator {
    public static final String NAME = "cgroups/blkio";
    static final String PID = "org.agora.isolator.cgroups.blkio";

    private volatile Throttles throttles;

    @Activate
    public BlkioIsolator(@Reference Cgroups cgroups, Map<String, Object> properties) {
        super(cgroups);
        this.throttles = Throttles.parse(PID, TypedConfig.read(ThrottleConfig.class, PID, properties));
    }

    @Modified
    void modified(Map<String, Object> properties) {
        throttles = Throttles.parse(PID, TypedConfig.read(ThrottleConfig.class, PID, properties));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected List<String> controllers(CgroupVersion version) {
        if (version == CgroupVersion.V2) {
            throw new IsolatorException(NAME + ": this machine has cgroup v2, where the blkio controller is called "
                    + "io: use the cgroups/io isolator instead");
        }
        return List.of("blkio");
    }

    @Override
    protected void apply(String name, Resources resources, boolean created) {
        Cgroup cgroup = cgroup("blkio", name);
        throttles.devices().forEach((device, limits) -> {
            // 0 removes a limit, so writing every field also clears what an earlier configuration set
            cgroup.write("blkio.throttle.read_bps_device", device + " " + limits.readBps());
            cgroup.write("blkio.throttle.write_bps_device", device + " " + limits.writeBps());
            cgroup.write("blkio.throttle.read_iops_device", device + " " + limits.readIops());
            cgroup.write("blkio.throttle.write_iops_device", device + " " + limits.writeIops());
        });
        if (!throttles.devices().isEmpty()) {
            log.info("{}: container {}: throttled {}", NAME, name, throttles.devices());
        }
    }

    @Override
    protected ContainerUsage measure(String name, Resources resources, long processes) {
        return new ContainerUsage(now(), -1, -1, -1, -1, -1, processes);
    }
}
