package org.agora.isolator.cgroups.internal.io;

import java.util.Map;
import org.agora.api.isolator.Isolator;
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
public final class BlkioIsolator extends ThrottlingIsolator {
    public static final String NAME = "cgroups/blkio";
    static final String PID = "org.agora.isolator.cgroups.blkio";

    @Activate
    public BlkioIsolator(@Reference Cgroups cgroups, Map<String, Object> properties) {
        super(cgroups, properties, NAME, PID, "blkio", CgroupVersion.V1, IoIsolator.NAME);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    @Override
    protected void write(String container, String device, Throttles.Limits limits) {
        Cgroup cgroup = cgroup("blkio", container);
        // 0 removes a limit, so writing every field also clears what an earlier configuration set
        cgroup.write("blkio.throttle.read_bps_device", device + " " + limits.readBps());
        cgroup.write("blkio.throttle.write_bps_device", device + " " + limits.writeBps());
        cgroup.write("blkio.throttle.read_iops_device", device + " " + limits.readIops());
        cgroup.write("blkio.throttle.write_iops_device", device + " " + limits.writeIops());
    }
}
