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
package org.agora.isolator.cgroups.internal;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.containerizer.ContainerState;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.isolator.Isolator;
import org.agora.api.isolator.IsolatorException;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.isolator.cgroups.internal.hierarchy.Cgroup;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupException;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every cgroups isolator does the same way: one cgroup per container and controller, named for the container,
 * created in {@link #prepare}, joined by the launcher before exec (and again in {@link #isolate}), and killed and
 * removed in {@link #cleanup}. Subclasses say which controllers they need and write their limits.
 *
 * <p>Nested containers share their top-level container's cgroups, as Mesos's default ({@code share_cgroups}) does:
 * they get its paths to join and no cgroups or limits of their own.
 *
 * <p>State is only which containers are tracked and their resources; {@link #recover} rebuilds it from the agent's
 * list and the cgroups found under the root.
 */
public abstract class CgroupIsolator implements Isolator {
    protected final Logger log = LoggerFactory.getLogger(getClass());
    protected final Cgroups cgroups;
    private final ConcurrentMap<ContainerID, Resources> containers = new ConcurrentHashMap<>();

    protected CgroupIsolator(Cgroups cgroups) {
        this.cgroups = cgroups;
    }

    /**
     * The controllers this isolator needs on {@code version}; the first is where usage counts processes.
     *
     * @throws IsolatorException when the isolator does not work on {@code version}, saying what to use instead
     */
    protected abstract List<String> controllers(CgroupVersion version);

    /** Writes the limits for {@code resources} into container {@code name}'s cgroups. */
    protected abstract void apply(String name, Resources resources, boolean created);

    /** This isolator's measurements of container {@code name}, with {@code processes} already counted. */
    protected abstract ContainerUsage measure(String name, Resources resources, long processes);

    private List<String> controllers() {
        return controllers(cgroups.version());
    }

    @Override
    public void validate() {
        for (String controller : controllers()) {
            if (!cgroups.hierarchy().has(controller)) {
                throw new IsolatorException(name() + ": " + cgroups.hierarchy().missing(controller));
            }
        }
        log.info("{}: validated on {}", name(), cgroups.hierarchy());
    }

    @Override
    public void recover(List<ContainerState> states) {
        Set<String> known = new HashSet<>();
        for (ContainerState state : states) {
            if (state.containerId().hasParent()) {
                continue;
            }
            String name = nameOf(state.containerId());
            known.add(name);
            if (controllers().stream().allMatch(c -> cgroups.cgroup(c, name).exists())) {
                containers.put(state.containerId(), state.resources());
                log.info("{}: container {}: recovered its cgroups", name(), name);
            } else {
                // launched before this isolator was enabled, or its cgroups were removed by hand: nothing to adopt
                log.warn("{}: container {}: no cgroup for {} under '{}' to recover; not isolated by {}", name(), name,
                        controllers(), cgroups.rootCgroup(controllers().get(0)), name());
            }
        }
        for (String orphan : cgroups.containers(controllers())) {
            if (!known.contains(orphan)) {
                try {
                    destroy(orphan, "orphan: not a container the agent knows");
                } catch (IsolatorException e) {
                    // the known containers are adopted all the same; the orphan is retried at the next recovery
                    log.error("{}: could not remove orphan cgroup {}: {}", name(), orphan, e.getMessage());
                }
            }
        }
    }

    /** Per-container details are logged at DEBUG: the containerizer logs each container's launch and end at INFO. */
    @Override
    public LaunchContribution prepare(ContainerConfig config) {
        ContainerID id = config.containerId();
        if (id.hasParent()) {
            return contribution(nameOf(topLevel(id)));
        }
        String name = nameOf(id);
        if (containers.putIfAbsent(id, config.resources()) != null) {
            throw new IsolatorException(name() + ": container " + name + " is already prepared");
        }
        try {
            cgroups.create(controllers(), name);
            apply(name, config.resources(), true);
        } catch (CgroupException e) {
            throw failure(name, e);
        }
        log.debug("{}: container {}: prepared {}", name(), name, cgroups.launchPaths(controllers(), name));
        return contribution(name);
    }

    private LaunchContribution contribution(String name) {
        List<String> paths = cgroups.launchPaths(controllers(), name).stream().map(Path::toString).toList();
        return new LaunchContribution(Map.of(), Set.of(), paths);
    }

    @Override
    public void isolate(ContainerID containerId, long pid) {
        if (containerId.hasParent()) {
            return;
        }
        String name = nameOf(containerId);
        tracked(containerId);
        try {
            // normally the launcher has joined already; this covers launchers that could not, and is idempotent
            cgroups.attach(controllers(), name, pid);
        } catch (CgroupException e) {
            if (ProcessHandle.of(pid).isEmpty()) {
                log.debug("{}: container {}: process {} ended before isolate", name(), name, pid);
                return;
            }
            throw failure(name, e);
        }
    }

    @Override
    public CompletionStage<ContainerLimitation> watch(ContainerID containerId) {
        // the kernel enforces this isolator's limits without ending the container: nothing to report
        return new CompletableFuture<>();
    }

    @Override
    public void update(ContainerID containerId, Resources resources) {
        if (containerId.hasParent()) {
            return;
        }
        String name = nameOf(containerId);
        tracked(containerId);
        try {
            apply(name, resources, false);
        } catch (CgroupException e) {
            throw failure(name, e);
        }
        containers.put(containerId, resources);
    }

    @Override
    public ContainerUsage usage(ContainerID containerId) {
        if (containerId.hasParent()) {
            return new ContainerUsage(System.currentTimeMillis() / 1000.0, -1, -1, -1, -1, -1, -1);
        }
        String name = nameOf(containerId);
        Resources resources = tracked(containerId);
        try {
            long processes = cgroups.cgroup(controllers().get(0), name).pids().size();
            return measure(name, resources, processes);
        } catch (CgroupException e) {
            throw failure(name, e);
        }
    }

    @Override
    public void cleanup(ContainerID containerId) {
        if (containerId.hasParent()) {
            return;
        }
        String name = nameOf(containerId);
        containers.remove(containerId);
        forget(containerId);
        destroy(name, "cleanup");
    }

    /** Drops per-container state a subclass keeps (a watch); called by {@link #cleanup}. */
    protected void forget(ContainerID containerId) {
    }

    private void destroy(String name, String why) {
        long start = System.nanoTime();
        int killed;
        try {
            killed = cgroups.destroy(controllers(), name);
        } catch (CgroupException e) {
            throw failure(name, e);
        }
        // an INFO line only when it tells more than the containerizer's "ended" line: processes were left, an orphan
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (killed > 0 || !why.equals("cleanup")) {
            log.info("{}: container {}: cgroups removed ({}), {} process(es) killed, {} ms", name(), name, why, killed,
                    ms);
        } else {
            log.debug("{}: container {}: cgroups removed, {} ms", name(), name, ms);
        }
    }

    /** What container {@code id} was last given; empty when it is not tracked. */
    protected Resources resources(ContainerID id) {
        return containers.getOrDefault(id, Resources.empty());
    }

    /** The containers prepared or recovered and not cleaned up. */
    protected Set<ContainerID> containers() {
        return Set.copyOf(containers.keySet());
    }

    private Resources tracked(ContainerID containerId) {
        Resources resources = containers.get(containerId);
        if (resources == null) {
            throw new IsolatorException(name() + ": container " + containerId.getValue()
                    + " is unknown (never prepared, recovered without cgroups, or cleaned up)");
        }
        return resources;
    }

    protected IsolatorException failure(String name, CgroupException e) {
        return new IsolatorException(name() + ": container " + name + ": " + e.getMessage(), e);
    }

    private String nameOf(ContainerID id) {
        String value = id.getValue();
        try {
            return Cgroups.checkName(value);
        } catch (CgroupException e) {
            throw new IsolatorException(name() + ": container id " + e.getMessage(), e);
        }
    }

    private static ContainerID topLevel(ContainerID id) {
        while (id.hasParent()) {
            id = id.getParent();
        }
        return id;
    }

    /** The cgroup of container {@code name} for {@code controller}, for subclasses' reads and writes. */
    protected Cgroup cgroup(String controller, String name) {
        return cgroups.cgroup(controller, name);
    }

    /** Seconds since the epoch, as {@link ContainerUsage#timestamp()} wants. */
    protected static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
