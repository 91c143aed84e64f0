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
package org.agora.isolator.gpu.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
import org.agora.isolator.cgroups.devices.DeviceCgroups;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gpu/nvidia}: each container gets the GPUs its {@code gpus} resource counts, picked from the free ones, and is
 * allowed to open those (and the NVIDIA control devices) but no other GPU. It needs {@code cgroups/devices}, as in
 * Mesos: that isolator creates each container's devices cgroup with every device denied and its default list allowed,
 * and this one adds the container's GPUs to it ({@link DeviceCgroups}). Which GPU a container holds is read back from
 * that cgroup's devices.list on recovery, so nothing else needs to be kept.
 *
 * <p>Containers are prepared in parallel: choosing a container's GPUs and recording them is one atomic step, so no
 * GPU is handed out twice.
 */
@Component(service = Isolator.class, property = "isolator.name=gpu/nvidia", configurationPid = GpuIsolator.PID)
@Designate(ocd = GpuConfig.class)
public final class GpuIsolator implements Isolator {
    static final String PID = "org.agora.isolator.gpu";
    private static final Logger LOG = LoggerFactory.getLogger(GpuIsolator.class);

    private final GpuConfig config;
    private final GpuDiscovery discovery;
    private final DeviceCgroups devices;
    /** Container id to the GPUs it holds; choices made under its lock, so concurrent prepares never share a GPU. */
    private final Map<String, List<Gpu>> assigned = new ConcurrentHashMap<>();
    private volatile List<Gpu> gpus = List.of();
    private volatile List<String> controlRules = List.of();

    @Activate
    public GpuIsolator(@Reference DeviceCgroups devices, Map<String, Object> properties) {
        this(TypedConfig.read(GpuConfig.class, PID, properties), devices);
    }

    GpuIsolator(GpuConfig config, DeviceCgroups devices) {
        this.config = config;
        this.devices = devices;
        this.discovery = new GpuDiscovery(Path.of(config.devices_dir()), config.nvidia_smi());
    }

    @Override
    public String name() {
        return "gpu/nvidia";
    }

    @Override
    public void validate() {
        try {
            devices.require();
        } catch (IsolatorException e) {
            throw new IsolatorException("gpu/nvidia needs cgroups/devices, which cannot work here: "
                    + e.getMessage(), e);
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

    /** Leftover devices cgroups are cgroups/devices' to remove; here only who holds which GPU is rebuilt. */
    @Override
    public void recover(List<ContainerState> states) {
        validate();
        synchronized (assigned) {
            assigned.clear();
            for (ContainerState s : states) {
                String id = s.containerId().getValue();
                try {
                    List<String> rules = devices.allowed(id);
                    List<Gpu> held = gpus.stream().filter(g -> rules.contains(g.rule())).toList();
                    if (!held.isEmpty()) {
                        assigned.put(id, held);
                    }
                } catch (IsolatorException e) {
                    LOG.warn("gpu/nvidia: GPUs of container {} not recovered: {}", id, e.getMessage());
                }
            }
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
        if (wanted == 0) {
            return LaunchContribution.none(); // cgroups/devices denies every GPU already: they are not in its list
        }
        List<Gpu> mine = take(id, (int) wanted);
        List<String> rules = new ArrayList<>(controlRules);
        mine.forEach(g -> rules.add(g.rule()));
        try {
            devices.allow(id, rules);
        } catch (IsolatorException e) {
            assigned.remove(id);
            throw new IsolatorException("gpu/nvidia: container " + id + ": " + e.getMessage(), e);
        }
        LOG.info("Container {} gets GPUs {}", id, mine.stream().map(Gpu::visibleName).toList());
        return new LaunchContribution(Map.of("NVIDIA_VISIBLE_DEVICES", mine.stream().map(Gpu::visibleName)
                .collect(Collectors.joining(","))), Set.of(), List.of());
    }

    /** Chooses {@code wanted} free GPUs for container {@code id} and records them, in one step. */
    private List<Gpu> take(String id, int wanted) {
        synchronized (assigned) {
            Set<Gpu> busy = assigned.values().stream().flatMap(List::stream).collect(Collectors.toSet());
            List<Gpu> free = gpus.stream().filter(g -> !busy.contains(g)).toList();
            if (wanted > free.size()) {
                throw new IsolatorException("gpu/nvidia: container " + id + " asks for " + wanted + " GPUs but "
                        + free.size() + " of " + gpus.size() + " are free");
            }
            List<Gpu> mine = List.copyOf(free.subList(0, wanted));
            assigned.put(id, mine);
            return mine;
        }
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

    /** The GPUs come free; the devices cgroup is cgroups/devices' to remove. */
    @Override
    public void cleanup(ContainerID containerId) {
        synchronized (assigned) {
            assigned.remove(containerId.getValue());
        }
    }
}
