package org.agora.isolator.gpu.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.agora.api.config.TypedConfig;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.containerizer.ContainerState;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.isolator.Isolator;
import org.agora.api.isolator.IsolatorException;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ContainerID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gpu/nvidia}: each container gets the GPUs its {@code gpus} resource counts, picked from the free ones, and
 * its devices cgroup lets it open those (and the NVIDIA control devices) but no other GPU. Which GPU a container
 * holds is read back from its cgroup's devices.list on recovery, so nothing else needs to be kept.
 */
@Component(service = Isolator.class, property = "isolator.name=gpu/nvidia", configurationPid = GpuIsolator.PID)
@Designate(ocd = GpuConfig.class)
public final class GpuIsolator implements Isolator {
    static final String PID = "org.agora.isolator.gpu";
    private static final Logger LOG = LoggerFactory.getLogger(GpuIsolator.class);

    private final GpuConfig config;
    private final GpuDiscovery discovery;
    private final Optional<DevicesCgroup> cgroups;
    /** Container id to the GPUs it holds; changed by the containerizer's calls, which never overlap. */
    private final Map<String, List<Gpu>> assigned = new ConcurrentHashMap<>();
    private List<Gpu> gpus = List.of();
    private List<String> controlRules = List.of();

    @Activate
    public GpuIsolator(Map<String, Object> properties) throws IOException {
        this(TypedConfig.read(GpuConfig.class, PID, properties),
                Files.readAllLines(Path.of("/proc/self/mountinfo")));
    }

    GpuIsolator(GpuConfig config, List<String> mountinfo) {
        this.config = config;
        this.discovery = new GpuDiscovery(Path.of(config.devices_dir()), config.nvidia_smi());
        Optional<Path> hierarchy = config.devices_hierarchy().isBlank() ? DevicesCgroup.findHierarchy(mountinfo)
                : Optional.of(Path.of(config.devices_hierarchy()));
        this.cgroups = hierarchy.map(h -> new DevicesCgroup(h, config.cgroups_root()));
    }

    @Override
    public String name() {
        return "gpu/nvidia";
    }

    @Override
    public void validate() {
        if (cgroups.isEmpty()) {
            throw new IsolatorException("gpu/nvidia needs the cgroup v1 devices controller, which is not mounted "
                    + "here (see /proc/self/mountinfo); on cgroup v2 device access is controlled by eBPF, which "
                    + "Agora does not load yet");
        }
        try {
            List<Gpu> found = discovery.gpus();
            Set<Integer> wanted = wantedMinors();
            gpus = found.stream().filter(g -> wanted.isEmpty() || wanted.contains(g.minor())).toList();
            controlRules = discovery.controlRules();
        } catch (IOException e) {
            throw new IsolatorException("gpu/nvidia cannot list " + config.devices_dir() + ": " + e.getMessage(), e);
        }
        if (gpus.isEmpty()) {
            throw new IsolatorException("gpu/nvidia found no NVIDIA GPU (no nvidia<N> device in "
                    + config.devices_dir() + (config.gpu_devices().isBlank() ? "" : " among gpu.devices="
                            + config.gpu_devices()) + ")");
        }
        LOG.info("gpu/nvidia manages {} GPUs: {}", gpus.size(), gpus.stream().map(Gpu::visibleName).toList());
    }

    private Set<Integer> wantedMinors() {
        Set<Integer> minors = new HashSet<>();
        for (String s : config.gpu_devices().split(",")) {
            if (!s.isBlank()) {
                try {
                    minors.add(Integer.parseInt(s.trim()));
                } catch (NumberFormatException e) {
                    throw new IsolatorException(PID + ": gpu.devices: '" + s.trim() + "' is not a minor number");
                }
            }
        }
        return minors;
    }

    /** The GPUs this agent hands out (for the agent's gpus resource). */
    public List<Gpu> gpus() {
        return gpus;
    }

    @Override
    public void recover(List<ContainerState> states) {
        validate();
        assigned.clear();
        Set<String> known = new HashSet<>();
        for (ContainerState s : states) {
            String id = s.containerId().getValue();
            known.add(id);
            try {
                List<String> rules = cgroups.get().allowed(id);
                List<Gpu> held = gpus.stream().filter(g -> rules.contains(g.rule())).toList();
                if (!held.isEmpty()) {
                    assigned.put(id, held);
                }
            } catch (IOException e) {
                LOG.warn("gpu/nvidia: GPUs of container {} not recovered: {}", id, e.getMessage());
            }
        }
        try {
            for (String orphan : cgroups.get().containers()) {
                if (!known.contains(orphan)) {
                    LOG.info("gpu/nvidia: removing the devices cgroup of unknown container {}", orphan);
                    cgroups.get().remove(orphan);
                }
            }
        } catch (IOException e) {
            LOG.warn("gpu/nvidia: leftover devices cgroups not removed: {}", e.getMessage());
        }
        LOG.info("gpu/nvidia recovered {} containers holding GPUs", assigned.size());
    }

    @Override
    public LaunchContribution prepare(ContainerConfig c) {
        String id = c.containerId().getValue();
        double wanted = c.resources().scalar("gpus");
        if (wanted != Math.floor(wanted)) {
            throw new IsolatorException("gpu/nvidia: container " + id + " asks for " + wanted
                    + " GPUs; GPUs are whole");
        }
        Set<Gpu> busy = assigned.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        List<Gpu> free = gpus.stream().filter(g -> !busy.contains(g)).toList();
        if (wanted > free.size()) {
            throw new IsolatorException("gpu/nvidia: container " + id + " asks for " + (int) wanted + " GPUs but "
                    + free.size() + " of " + gpus.size() + " are free");
        }
        List<Gpu> mine = free.subList(0, (int) wanted);
        List<String> rules = new ArrayList<>(DevicesCgroup.DEFAULT_RULES);
        if (!mine.isEmpty()) {
            rules.addAll(controlRules);
            mine.forEach(g -> rules.add(g.rule()));
        }
        try {
            cgroups.orElseThrow(() -> new IsolatorException("gpu/nvidia has no devices hierarchy")).create(id, rules);
        } catch (IOException e) {
            throw new IsolatorException("gpu/nvidia: container " + id + ": " + e.getMessage(), e);
        }
        if (mine.isEmpty()) {
            return new LaunchContribution(Map.of(), Set.of(), List.of(cgroups.get().path(id).toString()));
        }
        assigned.put(id, List.copyOf(mine));
        LOG.info("Container {} gets GPUs {}", id, mine.stream().map(Gpu::visibleName).toList());
        return new LaunchContribution(Map.of("NVIDIA_VISIBLE_DEVICES", mine.stream().map(Gpu::visibleName)
                .collect(Collectors.joining(","))), Set.of(), List.of(cgroups.get().path(id).toString()));
    }

    @Override
    public void isolate(ContainerID containerId, long pid) {
    }

    @Override
    public CompletionStage<ContainerLimitation> watch(ContainerID containerId) {
        return new CompletableFuture<>();
    }

    @Override
    public void update(ContainerID containerId, Resources resources) {
        // GPUs are fixed for a container's life, as in Mesos
    }

    @Override
    public ContainerUsage usage(ContainerID containerId) {
        return new ContainerUsage(System.currentTimeMillis() / 1000.0, -1, -1, -1, -1, -1, -1);
    }

    @Override
    public void cleanup(ContainerID containerId) {
        String id = containerId.getValue();
        assigned.remove(id);
        try {
            cgroups.ifPresent(cg -> {
                try {
                    cg.remove(id);
                } catch (IOException e) {
                    throw new IsolatorException("gpu/nvidia: devices cgroup of " + id + " not removed: "
                            + e.getMessage(), e);
                }
            });
        } catch (IsolatorException e) {
            LOG.warn(e.getMessage());
        }
    }
}
