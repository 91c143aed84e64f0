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
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** {@code cgroups/io} (cgroup v2 only): the configured per-device throttles as {@code io.max} lines. */
@Component(service = Isolator.class, property = "isolator.name=" + IoIsolator.NAME, configurationPid = IoIsolator.PID)
@Designate(ocd = ThrottleConfig.class)
public final class IoIsolator extends CgroupIsolator {
    public static final String NAME = "cgroups/io";
    static final String PID = "org.agora.isolator.cgroups.io";

    private volatile Throttles throttles;

    @Activate
    public IoIsolator(@Reference Cgroups cgroups, Map<String, Object> properties) {
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
        if (version == CgroupVersion.V1) {
            throw new IsolatorException(NAME + ": this machine has cgroup v1, where the io controller is called "
                    + "blkio: use the cgroups/blkio isolator instead");
        }
        return List.of("io");
    }

    @Override
    protected void apply(String name, Resources resources, boolean created) {
        throttles.devices().forEach((device, limits) -> cgroup("io", name).write("io.max", ioMax(device, limits)));
        if (!throttles.devices().isEmpty()) {
            log.info("{}: container {}: throttled {}", NAME, name, throttles.devices());
        }
    }

    /** One io.max line; "max" lifts a limit, so every key is written. */
    static String ioMax(String device, Throttles.Limits limits) {
        return device + " rbps=" + max(limits.readBps()) + " wbps=" + max(limits.writeBps()) + " riops="
                + max(limits.readIops()) + " wiops=" + max(limits.writeIops());
    }

    private static String max(long value) {
        return value == 0 ? "max" : Long.toString(value);
    }

    @Override
    protected ContainerUsage measure(String name, Resources resources, long processes) {
        return new ContainerUsage(now(), -1, -1, -1, -1, -1, processes);
    }
}
