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
package org.agora.containerizer.mesos.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.agora.api.config.TypedConfig;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.containerizer.ContainerState;
import org.agora.api.containerizer.ContainerTermination;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.containerizer.Containerizer;
import org.agora.api.containerizer.ContainerizerException;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageProvisioner;
import org.agora.api.image.ProvisionedImage;
import org.agora.api.isolator.Isolator;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.secret.SecretResolver;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.ContainerStatus;
import org.agora.api.v1.Protos.Image;
import org.agora.api.v1.Protos.Volume;
import org.agora.containerizer.mesos.internal.LaunchCommand.UserIds;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native containerizer. Each container's state changes on that container's strand ({@link ContainerStrands}):
 * different containers are prepared, started and cleaned up in parallel on a small pool, while the calls for one
 * container, to it and to its isolators, never overlap. Callers get stages completed on the pool. Isolators are
 * services found by name: when a new instance of an isolator arrives (bundle upgrade), it is asked to
 * recover the running containers, and from then on every call for them goes to it, so a running task never notices.
 *
 * <p>A container whose {@code ContainerInfo} is of type MESOS with an image runs in that image: the
 * {@link ImageProvisioner} service (feature agora-images; optional, and replaceable at runtime) provisions its rootfs
 * before the launch, the launcher enters it ({@link ImageLaunch}: Mesos's {@code filesystem/linux}, applied to every
 * image container whatever 'isolation' says, since an image cannot run without it), and the rootfs is destroyed once
 * the container's processes are gone. A failed provision fails the launch with the provisioner's message, which
 * names the image.
 */
@Component(service = Containerizer.class, property = "containerizer.name=mesos",
        configurationPid = ContainerizerSettings.PID)
@Designate(ocd = ContainerizerConfig.class)
public final class NativeContainerizer implements Containerizer {
    private static final Logger LOG = LoggerFactory.getLogger(NativeContainerizer.class);
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** How long a container killed by a signal waits for an isolator to say it was a limit. */
    private static final long LIMIT_GRACE_MILLIS = 500;
    private static final String NETWORK_CNI = "network/cni";

    private volatile ContainerizerSettings settings;
    private final ContainerStrands strands;
    private final Map<String, Isolator> isolators = new ConcurrentHashMap<>();
    /** Isolators whose validate() failed, with why. */
    private final Map<String, String> unusable = new ConcurrentHashMap<>();
    /** An entry changes on its container's strand only; concurrent so that anyone may read it. */
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private final Users users = new Users(Path.of("/etc/passwd"));
    /** The native launcher, installed; empty: tasks start through the scripts ({@link LaunchCommand}, ImageLaunch). */
    private final Optional<Path> launcher;
    /** Forks containers where the native launcher is installed ({@code agora-launcher --serve}); null: this JVM. */
    private final Spawner spawner;
    /** The ends of recovered containers, which are not this JVM's children. */
    private final ProcessEnds adopted = new ProcessEnds("agora-containerizer-adopted");
    /** Secret volumes: resolved through the SecretResolver bound now, written to a tmpfs, bound into containers. */
    private final SecretVolumes secretVolumes = new SecretVolumes(SecretVolumes.ROOT);
    /** The image provisioner, when one is installed. */
    private volatile ImageProvisioner provisioner;
    /** The agent has told which containers it knows: a provisioner that arrives from now on recovers those. */
    private volatile boolean recovered;
    /** Containers whose image is being provisioned (not in {@link #containers} yet). */
    private final Set<String> provisioning = ConcurrentHashMap.newKeySet();
    /** Of those, the ones destroyed meanwhile: they must not start once their rootfs is ready. */
    private final Set<String> abandoned = ConcurrentHashMap.newKeySet();
    /** How the latest containers ended, for a wait() that comes after the end; written on the strands. */
    private final Map<String, CompletableFuture<ContainerTermination>> ended = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<ContainerTermination>> e) {
                    return size() > 1000;
                }
            });

    @Activate
    public NativeContainerizer(Map<String, Object> properties) {
        this(TypedConfig.read(ContainerizerConfig.class, ContainerizerSettings.PID, properties));
    }

    private NativeContainerizer(ContainerizerConfig config) {
        this(ContainerizerSettings.from(config), ContainerizerSettings.threads(config),
                ContainerizerSettings.launcher(config));
    }

    /** A containerizer outside OSGi (tests, benchmarks) with Mesos's {@code --isolation} syntax. */
    public static NativeContainerizer withIsolation(String isolation) {
        return new NativeContainerizer(ContainerizerSettings.parse(isolation), ContainerizerSettings.DEFAULT_THREADS);
    }

    /** The same, with {@code threads} containers' work at a time (1 works them one after another). */
    public static NativeContainerizer withIsolation(String isolation, int threads) {
        return new NativeContainerizer(ContainerizerSettings.parse(isolation), threads);
    }

    /**
     * The same, with tasks started by the {@code /bin/sh} launcher scripts instead of the native launcher
     * ({@code launcher = script}).
     */
    public static NativeContainerizer withIsolationAndScriptLauncher(String isolation) {
        return new NativeContainerizer(ContainerizerSettings.parse(isolation), ContainerizerSettings.DEFAULT_THREADS,
                Optional.empty());
    }

    /** Whether tasks start with the native launcher (else with the scripts). */
    public boolean nativeLauncher() {
        return launcher.isPresent();
    }

    NativeContainerizer(ContainerizerSettings settings) {
        this(settings, ContainerizerSettings.DEFAULT_THREADS);
    }

    /** With the native launcher, in its default directory, where it can be used. */
    NativeContainerizer(ContainerizerSettings settings, int threads) {
        this(settings, threads, LauncherBinary.install(LauncherBinary.defaultDir()));
    }

    /** @param launcher the native launcher; empty: tasks start through the scripts */
    NativeContainerizer(ContainerizerSettings settings, int threads, Optional<Path> launcher) {
        this.settings = settings;
        this.strands = new ContainerStrands(threads);
        this.launcher = launcher;
        this.spawner = launcher.map(Spawner::new).orElse(null);
        LOG.info("Native containerizer isolates with {}{}; {} containers' work at a time; tasks start with {}",
                settings.isolators(), settings.namespaces().isEmpty() ? "" : " and new " + settings.namespaces()
                        + " namespaces", threads, launcher.map(p -> "the native launcher " + p)
                                .orElse("the /bin/sh launcher scripts"));
        logHostPaths(settings.hostPaths());
    }

    private static void logHostPaths(HostPathAllowList allowed) {
        if (allowed.allowsAll()) {
            LOG.warn("volumes.host.allowed is empty: host_path volumes may bind any path of this host (as in Mesos); "
                    + "list the prefixes they may use in {} to restrict them", ContainerizerSettings.PID);
        } else {
            LOG.info("host_path volumes may bind paths under {}", allowed.prefixes());
        }
    }

    /**
     * The secret resolver secret volumes are resolved through, at launch (the agent binds the same one for secret
     * environment variables). Optional and dynamic: with none, a container with a secret volume fails to launch.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSecretResolver(SecretResolver r) {
        secretVolumes.set(r);
    }

    void unbindSecretResolver(SecretResolver r) {
        secretVolumes.clear(r);
    }

    /** Offers a secret resolver outside OSGi (tests, benchmarks), as if it were a service. */
    public void useSecretResolver(SecretResolver r) {
        bindSecretResolver(r);
    }

    @Override
    public String name() {
        return "mesos";
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindIsolator(Isolator isolator) {
        Isolator previous = isolators.put(isolator.name(), isolator);
        if (!settings.isolators().contains(isolator.name())) {
            LOG.debug("Isolator {} is installed but not in 'isolation'; not used", isolator.name());
            return;
        }
        if (!validate(isolator)) {
            return;
        }
        strands.exclusive(() -> {
            if (previous != null || !containers.isEmpty()) {
                // an upgrade (or a late start): the new instance takes over the running containers
                List<ContainerState> states = containers.values().stream()
                        .filter(c -> c.isolators.contains(isolator.name())).map(Container::state).toList();
                try {
                    isolator.recover(states);
                    states.forEach(s -> watch(containers.get(s.containerId().getValue()), isolator));
                    LOG.info("Isolator {} recovered {} running containers", isolator.name(), states.size());
                } catch (RuntimeException e) {
                    LOG.error("Isolator {} could not recover the running containers", isolator.name(), e);
                }
            }
            return null;
        });
    }

    /** A missing controller or device is reported when the isolator is selected, not at the first task. */
    private boolean validate(Isolator isolator) {
        try {
            isolator.validate();
            unusable.remove(isolator.name());
            return true;
        } catch (RuntimeException e) {
            unusable.put(isolator.name(), e.getMessage());
            LOG.error("Isolator {} cannot be used: {}", isolator.name(), e.getMessage());
            return false;
        }
    }

    /**
     * A new 'isolation' applies to containers launched from now on; running ones keep the isolators they started
     * with. An unknown name is refused with the known ones and the old setting stays.
     */
    @Modified
    void modified(Map<String, Object> properties) {
        ContainerizerSettings next;
        try {
            next = ContainerizerSettings.from(TypedConfig.read(ContainerizerConfig.class, ContainerizerSettings.PID,
                    properties));
        } catch (IllegalArgumentException e) {
            LOG.error("Isolation not changed: {}", e.getMessage());
            return;
        }
        if (!next.hostPaths().equals(settings.hostPaths())) {
            logHostPaths(next.hostPaths());
        }
        settings = next;
        next.isolators().stream().map(isolators::get).filter(java.util.Objects::nonNull).forEach(this::validate);
        LOG.info("New containers isolate with {}{}", next.isolators(),
                next.namespaces().isEmpty() ? "" : " and new " + next.namespaces() + " namespaces");
    }

    /** What 'isolation' selects now, and whether each is usable: for agora:isolators. */
    public Map<String, String> isolatorStates() {
        Map<String, String> states = new java.util.LinkedHashMap<>();
        for (String name : settings.isolators()) {
            Isolator i = isolators.get(name);
            states.put(name, i == null ? "not installed" : unusable.containsKey(name) ? "unusable: "
                    + unusable.get(name) : "active");
        }
        settings.namespaces().forEach(ns -> states.put(ns.equals("pid") ? "namespaces/pid" : "filesystem/linux",
                "active (built in)"));
        return states;
    }

    /**
     * A provisioner arrived (or replaced another: a bundle update). Once the agent has recovered, it adopts the
     * rootfs of the running containers and removes any other it finds.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindProvisioner(ImageProvisioner p) {
        provisioner = p;
        LOG.info("Image provisioner {} is available: tasks may name images", p.getClass().getSimpleName());
        if (recovered) {
            strands.exclusive(() -> {
                recoverRootfs(p, containers.values().stream().map(c -> c.id).collect(
                        Collectors.toSet()));
                return null;
            });
        }
    }

    void unbindProvisioner(ImageProvisioner p) {
        if (provisioner == p) {
            provisioner = null;
        }
    }

    /** Offers a provisioner outside OSGi (tests, benchmarks), as if it were a service. */
    public void useProvisioner(ImageProvisioner p) {
        bindProvisioner(p);
    }

    private static void recoverRootfs(ImageProvisioner p, Set<ContainerID> known) {
        try {
            p.recover(known).toCompletableFuture().get(60, TimeUnit.SECONDS);
            LOG.info("Image provisioner recovered; {} containers may hold a rootfs", known.size());
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("Image provisioner could not recover the containers' rootfs: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void unbindIsolator(Isolator isolator) {
        isolators.remove(isolator.name(), isolator);
    }

    /** Offers an isolator outside OSGi (tests, benchmarks), as if it were a service. */
    public void useIsolator(Isolator isolator) {
        bindIsolator(isolator);
    }

    @Override
    public CompletionStage<Void> recover(List<ContainerState> known) {
        return strands.exclusive(() -> {
            // isolators treat containers not named as orphans: name those this containerizer runs already too
            List<ContainerState> all = new ArrayList<>(known);
            containers.values().stream().filter(c -> known.stream().noneMatch(k -> k.containerId().equals(c.id)))
                    .forEach(c -> all.add(c.state()));
            for (String name : settings.isolators()) {
                Isolator i = isolators.get(name);
                if (i != null) {
                    i.recover(all);
                }
            }
            for (ContainerState s : known) {
                if (containers.containsKey(s.containerId().getValue())) {
                    continue; // already ours (the agent was updated, this containerizer was not)
                }
                Container c = new Container(s.containerId(), s.sandbox(), s.resources(), settings.isolators(),
                        Optional.empty());
                c.pid = s.pid();
                c.mayHaveRootfs = true; // the checkpoint does not say: the provisioner knows, destroy is idempotent
                containers.put(c.name(), c);
                if (!ProcessEnds.running(s.pid())) {
                    finish(c, OptionalInt.empty(), "the container's process ended while the agent was down");
                    continue;
                }
                isolatorsOf(c).forEach(i -> watch(c, i));
                // not our child: its exit status is lost to us (the agent's own wrapper keeps it in the sandbox),
                // and where nothing reaps orphans it ends a zombie, which ProcessHandle.onExit never reports
                adopted.ended(s.pid()).thenRun(() -> strands.run(c.name(),
                        () -> finish(c, OptionalInt.empty(), "the container ended")));
            }
            ImageProvisioner p = provisioner;
            if (p != null) {
                Set<ContainerID> ids = new HashSet<>();
                all.forEach(s -> ids.add(s.containerId()));
                recoverRootfs(p, ids);
            }
            recovered = true;
            LOG.info("Recovered {} containers", known.size());
            return null;
        });
    }

    @Override
    public CompletionStage<Long> launch(ContainerConfig config) {
        String id = config.containerId().getValue();
        Optional<Image> image = config.containerInfo().filter(i -> i.getType() == ContainerInfo.Type.MESOS
                && i.getMesos().hasImage()).map(i -> i.getMesos().getImage());
        Map<Integer, Volume> imageVolumes;
        try {
            imageVolumes = ImageVolumes.of(id, config.containerInfo().map(ContainerInfo::getVolumesList)
                    .orElse(List.of()));
        } catch (ContainerizerException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (image.isEmpty() && imageVolumes.isEmpty()) {
            return strands.submit(id, () -> start(config, Optional.empty(), Map.of()));
        }
        String name = image.map(ImageVolumes::name).orElseGet(() -> imageVolumes.values().stream()
                .map(v -> ImageVolumes.name(v.getImage())).collect(Collectors.joining("', '")));
        ImageProvisioner p = provisioner;
        if (p == null) {
            String what = image.isPresent() ? "its image '" + name + "'" : "the images of its volumes ('" + name
                    + "')";
            return CompletableFuture.failedFuture(new ContainerizerException("Container " + id + " not launched: "
                    + what + " need" + (image.isPresent() ? "s" : "") + " an image provisioner, and none is installed "
                    + "(feature agora-images)"));
        }
        // the pulls run on the provisioner's threads: this container's strand (and the pool) stay free meanwhile
        provisioning.add(id);
        CompletableFuture<Optional<ProvisionedImage>> own = image.isEmpty()
                ? CompletableFuture.completedFuture(Optional.empty())
                : p.provision(config.containerId(), image.get()).toCompletableFuture().handle((rootfs, e) -> {
                    if (e != null) {
                        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                        LOG.warn("Container {}: image '{}' could not be provisioned: {}", id, name,
                                cause.getMessage());
                        throw new ContainerizerException(cause instanceof ImageException ? cause.getMessage()
                                : "cannot provision image '" + name + "' for container " + id + ": " + cause, cause);
                    }
                    return Optional.of(rootfs);
                });
        CompletableFuture<Map<Integer, Path>> volumes = ImageVolumes.provision(p, config.containerId(), imageVolumes);
        return own.thenCombine(volumes, (rootfs, volumeRootfs) -> Map.entry(rootfs, volumeRootfs))
                .whenComplete((both, e) -> {
                    if (e != null) {
                        provisioning.remove(id);
                        abandoned.remove(id);
                    }
                }).thenCompose(both -> strands.submit(id, () -> {
                    provisioning.remove(id);
                    if (abandoned.remove(id)) {
                        // the agent gave up on it (its launch timed out, or the task was killed) while it was pulled
                        throw new ContainerizerException("Container " + id + " was destroyed while its image '"
                                + name + "' was provisioned");
                    }
                    return start(config, both.getKey(), both.getValue());
                })).whenComplete((pid, e) -> {
                    if (e != null) {
                        destroyRootfs(p, config.containerId()); // its own rootfs and its volumes'
                    }
                });
    }

    private static CompletableFuture<Void> destroyRootfs(ImageProvisioner p, ContainerID id) {
        return p.destroy(id).toCompletableFuture().handle((removed, e) -> {
            if (e != null) {
                LOG.error("Container {}: its rootfs could not be removed: {}", id.getValue(), e.getMessage());
            } else if (removed) {
                LOG.debug("Container {}: rootfs removed", id.getValue());
            }
            return null;
        });
    }

    /** @param volumeRootfs the rootfs of each image volume, by the volume's index */
    private long start(ContainerConfig config, Optional<ProvisionedImage> image, Map<Integer, Path> volumeRootfs) {
        String id = config.containerId().getValue();
        ContainerizerSettings settings = this.settings; // one 'isolation' for the whole launch
        if (containers.containsKey(id)) {
            throw new ContainerizerException("Container " + id + " already exists");
        }
        List<Isolator> applied = new ArrayList<>();
        for (String name : settings.isolators()) {
            Isolator i = unusable.containsKey(name) ? null : isolators.get(name);
            if (i == null) {
                throw new ContainerizerException("Container " + id + " not launched: isolator " + name
                        + Optional.ofNullable(unusable.get(name)).map(why -> " cannot be used: " + why)
                                .orElse(" is configured but its bundle is not installed or not active"));
            }
            applied.add(i);
        }
        Container c = new Container(config.containerId(), config.sandbox(), config.resources(), settings.isolators(),
                config.exitStatusFile());
        c.mayHaveRootfs = image.isPresent() || !volumeRootfs.isEmpty();
        Map<String, String> env = new HashMap<>();
        List<String> cgroups = new ArrayList<>();
        Set<String> namespaces = new LinkedHashSet<>(settings.namespaces());
        Map<String, String> joins = new HashMap<>();
        List<Isolator> prepared = new ArrayList<>();
        try {
            refuseUnisolatedNetworks(id, config, applied);
            for (Isolator i : applied) {
                LaunchContribution contribution = i.prepare(config);
                prepared.add(i);
                env.putAll(contribution.environment());
                // on cgroup v2 every controller names the same directory: join it once
                contribution.cgroupPaths().stream().filter(path -> !cgroups.contains(path)).forEach(cgroups::add);
                namespaces.addAll(contribution.namespaces());
                joins.putAll(contribution.joinNamespaces());
            }
            Optional<UserIds> user = config.user().filter(u -> !u.isEmpty()).map(u -> users.lookup(u)
                    .orElseThrow(() -> new ContainerizerException("Container " + id + " not launched: user '" + u
                            + "' does not exist on this agent")));
            if (user.isEmpty() && image.isPresent() && !image.get().config().user().isEmpty()) {
                // the task runs as the agent's own user (it named none, or that one): the image's User applies,
                // one of the image's users (Mesos logs it and runs as root; the issue asks for Docker's rule)
                user = Optional.of(ImageUser.resolve(image.get().rootfs(), image.get().config().user()));
            }
            Map<String, String> taskEnv = new HashMap<>();
            List<String> argv;
            if (image.isPresent()) {
                // Mesos's order: the image's Env, under the task's environment, under what isolators add
                for (String kv : image.get().config().env()) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        taskEnv.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                taskEnv.putAll(config.environment());
                taskEnv.putAll(env);
                taskEnv.put("MESOS_SANDBOX", ImageLaunch.SANDBOX);
                ImageLaunch.checkMountPoints(image.get().rootfs());
                // an isolator's network namespace (network/cni) is entered before the launcher, by NamespaceEntry's
                // nsenter prefix below, so the launcher's own --netns stays unused here
                ImageLaunch.Plan plan = new ImageLaunch.Plan(cgroups, namespaces, image.get().rootfs(),
                        config.sandbox(), user, taskEnv.getOrDefault("PATH", PATH), config.exitStatusFile(),
                        ImageLaunch.workingDir(image.get().rootfs(), image.get().config()),
                        ContainerVolumes.mounts(config.containerInfo().get().getVolumesList(),
                                Optional.of(image.get().rootfs()), config.sandbox(), id, user, volumeRules(),
                                volumeRootfs),
                        ImageLaunch.taskArgv(config.command(), image.get().config()), Optional.empty());
                taskEnv.put("PATH", ImageLaunch.launcherPath(launcher, plan, PATH));
                argv = ImageLaunch.argv(launcher, plan);
                namespaces.add("mnt");
            } else {
                // volumes of a container without an image: in its sandbox, in a mount namespace of its own
                List<ContainerVolumes.BindMount> mounts = ContainerVolumes.mounts(config.containerInfo()
                        .map(ContainerInfo::getVolumesList).orElse(List.of()), Optional.empty(), config.sandbox(), id,
                        user, volumeRules(), volumeRootfs);
                if (!mounts.isEmpty()) {
                    if (!ContainerVolumes.runsAsRoot()) {
                        // say so here: unshare would only fail inside the launcher, with an exit status
                        throw new ContainerizerException("Container " + id + " not launched: its volumes are bind "
                                + "mounts in a mount namespace of its own, which needs an agent running as root");
                    }
                    namespaces.add("mnt");
                }
                taskEnv.put("PATH", PATH);
                taskEnv.putAll(config.environment());
                taskEnv.putAll(env);
                argv = LaunchCommand.argv(config.command(), cgroups, namespaces, user, config.exitStatusFile(),
                        ContainerVolumes.mountArgv(mounts, secretVolumes.root()), launcher);
            }
            // namespaces an isolator made (network/cni's): entered first, by the same process, before anything else
            argv = NamespaceEntry.prefix(joins, argv);
            Spawner.Spawned process = start(argv, taskEnv, config.sandbox());
            c.pid = process.pid();
            containers.put(id, c);
            // isolate() comes next on this container's strand, before anything else for it, but after the launch
            // has answered: the launcher joins the cgroups itself before it execs the task, so isolate only confirms
            // it (the cgroups isolators read /proc/<pid>/cgroup), and when it must move the process after all, the
            // kernel's cgroup write lock that takes (an RCU grace period when no other move is under way: 5-20 ms on
            // a busy two-core machine) does not delay TASK_RUNNING
            strands.run(id, () -> isolate(c, applied));
            process.exit().thenAccept(exitValue -> strands.run(id, () -> finish(c, exitValue == null
                    ? OptionalInt.empty() : OptionalInt.of(waitStatus(exitValue)), exitValue == null
                    ? "the container's process ended after its spawner died (no wait status)"
                    : "the container's process exited")));
            LOG.info("Container {} launched as pid {} (isolators {}, namespaces {}{}{})", id, c.pid,
                    settings.isolators(), namespaces, joins.isEmpty() ? "" : ", entered " + joins,
                    image.map(i -> ", image " + i.imageReference() + " at " + i.rootfs()).orElse(""));
            return c.pid;
        } catch (IOException | RuntimeException e) {
            if (c.pid > 0) {
                ProcessHandle.of(c.pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            prepared.forEach(i -> cleanup(i, c));
            containers.remove(id);
            secretVolumes.remove(id);
            if (e instanceof ContainerizerException ce) {
                throw ce;
            }
            throw new ContainerizerException("Container " + id + " not launched: " + e.getMessage(), e);
        }
    }

    /**
     * The container's first process: forked by the spawner where the native launcher is installed, else by this JVM,
     * in the sandbox, stdin from /dev/null, stdout and stderr appended to the sandbox's files.
     */
    private Spawner.Spawned start(List<String> argv, Map<String, String> env, Path sandbox) throws IOException {
        Path stdout = sandbox.resolve("stdout");
        Path stderr = sandbox.resolve("stderr");
        if (spawner != null) {
            return spawner.spawn(argv.get(0).equals(launcher.get().toString()), argv, env, sandbox, stdout, stderr);
        }
        ProcessBuilder pb = new ProcessBuilder(argv)
                .directory(sandbox.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        return Spawner.Spawned.of(pb.start());
    }

    /**
     * A container that names CNI networks needs the network/cni isolator: without it the task would run in the host's
     * network, silently not where it asked to be.
     */
    private static void refuseUnisolatedNetworks(String id, ContainerConfig config, List<Isolator> applied) {
        List<String> named = config.containerInfo().map(ContainerInfo::getNetworkInfosList).orElse(List.of())
                .stream().filter(n -> !n.getName().isEmpty()).map(n -> n.getName()).toList();
        if (!named.isEmpty() && applied.stream().noneMatch(i -> i.name().equals(NETWORK_CNI))) {
            throw new ContainerizerException("Container " + id + " not launched: it names CNI network"
                    + (named.size() > 1 ? "s " : " ") + String.join(", ", named.stream().map(n -> "'" + n + "'")
                            .toList())
                    + ", and the network/cni isolator is not in 'isolation'");
        }
    }

    private ContainerVolumes.Rules volumeRules() {
        return new ContainerVolumes.Rules(settings.hostPaths(), secretVolumes);
    }

    /** Every isolator's isolate and watch; a failure ends the container, with the reason as its message. */
    private void isolate(Container c, List<Isolator> applied) {
        for (Isolator i : applied) {
            try {
                i.isolate(c.id, c.pid);
                watch(c, i);
            } catch (RuntimeException e) {
                LOG.error("Container {}: isolator {} could not isolate pid {}: {}; killing it", c.name(), i.name(),
                        c.pid, e.getMessage());
                c.failure = Optional.of("isolator " + i.name() + " could not isolate the container: "
                        + e.getMessage());
                kill(c);
                return;
            }
        }
    }

    /**
     * Java reports a process killed by signal N as exit value 128 + N (it cannot tell that apart from a real exit
     * with that code); the SPI wants the wait status, signal in the low bits.
     */
    static int waitStatus(int exitValue) {
        return exitValue > 128 && exitValue < 128 + 65 ? exitValue - 128 : (exitValue & 0xff) << 8;
    }

    private void watch(Container c, Isolator isolator) {
        CompletableFuture<ContainerLimitation> watch = isolator.watch(c.id).toCompletableFuture();
        c.watches.add(watch);
        watch.thenAccept(limitation -> strands.run(c.name(), () -> {
            if (containers.get(c.name()) == c && !c.finished) {
                LOG.warn("Container {} hit a limit: {}", c.name(), limitation.message());
                c.limitation = Optional.of(limitation);
                kill(c);
            }
        }));
    }

    @Override
    public CompletionStage<ContainerTermination> wait(ContainerID containerId) {
        return strands.submit(containerId.getValue(), () -> {
            Container c = containers.get(containerId.getValue());
            CompletableFuture<ContainerTermination> t = c != null ? c.termination : ended.get(containerId.getValue());
            if (t == null) {
                throw new ContainerizerException("Container " + containerId.getValue() + " is unknown");
            }
            return t;
        }).thenCompose(t -> t);
    }

    @Override
    public CompletionStage<Void> destroy(ContainerID containerId) {
        return strands.submit(containerId.getValue(), () -> {
            Container c = containers.get(containerId.getValue());
            if (c == null) {
                if (provisioning.contains(containerId.getValue())) {
                    abandoned.add(containerId.getValue());
                    LOG.info("Container {} destroyed while its image is provisioned: it will not start",
                            containerId.getValue());
                }
                return CompletableFuture.<Void>completedFuture(null);
            }
            kill(c);
            return c.termination.thenApply(t -> (Void) null);
        }).thenCompose(stage -> stage);
    }

    /** SIGKILL to the whole tree; with a pid namespace the kernel takes the rest, and cgroup isolators empty theirs. */
    private void kill(Container c) {
        c.destroying = true;
        ProcessHandle.of(c.pid).ifPresent(top -> {
            List<ProcessHandle> tree = new ArrayList<>(top.descendants().toList());
            tree.add(top);
            tree.forEach(ProcessHandle::destroyForcibly);
        });
    }

    /**
     * The top process is gone. A process the kernel killed (an OOM kill is a SIGKILL) may be ended by a limit that
     * its isolator notices only a moment later (polling memory.events, say): give the watches that moment before
     * reporting, so the end carries the limit's reason.
     */
    private void finish(Container c, OptionalInt status, String message) {
        boolean killedBySignal = status.isPresent() && (status.getAsInt() & 0x7f) != 0;
        if (killedBySignal && !c.destroying && c.limitation.isEmpty() && !c.watches.isEmpty() && !c.finished) {
            CompletableFuture.anyOf(c.watches.toArray(CompletableFuture[]::new))
                    .completeOnTimeout(null, LIMIT_GRACE_MILLIS, TimeUnit.MILLISECONDS)
                    .whenComplete((limit, e) -> strands.run(c.name(), () -> {
                        if (limit instanceof ContainerLimitation l && c.limitation.isEmpty()) {
                            c.limitation = Optional.of(l);
                        }
                        finishNow(c, status, message);
                    }));
            return;
        }
        finishNow(c, status, message);
    }

    /** Make sure nothing of the container is left, release the isolators, report. */
    private void finishNow(Container c, OptionalInt status, String message) {
        if (c.finished) {
            return;
        }
        c.finished = true;
        isolatorsOf(c).forEach(i -> cleanup(i, c));
        // its record's page would keep the container's removed memory cgroup in the kernel (ExitStatusRecord)
        c.exitStatusFile.ifPresent(f -> ExitStatusRecord.release(c.sandbox, f));
        secretVolumes.remove(c.name());
        ended.put(c.name(), c.termination);
        containers.remove(c.name(), c);
        String why = c.limitation.map(l -> l.message()).or(() -> c.failure)
                .orElse(c.destroying ? "destroyed" : message);
        LOG.info("Container {} ended: {}{}", c.name(), why, status.isPresent() ? " (wait status "
                + status.getAsInt() + ")" : "");
        ContainerTermination t = new ContainerTermination(status, c.limitation, why);
        ImageProvisioner p = provisioner;
        if (c.mayHaveRootfs && p != null) {
            // its processes are gone: the rootfs goes before the end is told, so a container that ended holds no mount
            destroyRootfs(p, c.id).whenComplete((v, e) -> c.termination.complete(t));
        } else {
            if (c.mayHaveRootfs) {
                LOG.warn("Container {}: no image provisioner is installed now to remove its rootfs; the next one "
                        + "removes it when it recovers", c.name());
            }
            c.termination.complete(t);
        }
    }

    private List<Isolator> isolatorsOf(Container c) {
        List<Isolator> out = new ArrayList<>();
        for (String name : c.isolators) {
            Isolator i = isolators.get(name);
            if (i == null) {
                LOG.warn("Isolator {} of container {} is not installed now; it will clean up when it recovers",
                        name, c.name());
            } else {
                out.add(i);
            }
        }
        return out;
    }

    private static void cleanup(Isolator i, Container c) {
        try {
            i.cleanup(c.id);
        } catch (RuntimeException e) {
            LOG.error("Isolator {} failed to clean up container {}", i.name(), c.name(), e);
        }
    }

    @Override
    public CompletionStage<ContainerUsage> usage(ContainerID containerId) {
        return strands.submit(containerId.getValue(), () -> {
            Container c = containers.get(containerId.getValue());
            if (c == null) {
                throw new ContainerizerException("Container " + containerId.getValue() + " is unknown");
            }
            ContainerUsage merged = fromProcesses(c);
            for (Isolator i : isolatorsOf(c)) {
                merged = merge(merged, i.usage(c.id));
            }
            return merged;
        });
    }

    /** What the process table tells without any isolator: cpu time of the tree and its size. */
    private static ContainerUsage fromProcesses(Container c) {
        Set<ProcessHandle> tree = new HashSet<>();
        ProcessHandle.of(c.pid).ifPresent(top -> {
            tree.add(top);
            tree.addAll(top.descendants().toList());
        });
        double cpu = tree.stream().mapToDouble(p -> p.info().totalCpuDuration()
                .map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
        return new ContainerUsage(System.currentTimeMillis() / 1000.0, cpu, -1, -1, -1, -1, tree.size());
    }

    /** Isolators know better than the process table: their figures win where they have one. */
    static ContainerUsage merge(ContainerUsage base, ContainerUsage better) {
        return new ContainerUsage(base.timestamp(), pick(base.cpusUserTimeSecs(), better.cpusUserTimeSecs()),
                pick(base.cpusSystemTimeSecs(), better.cpusSystemTimeSecs()),
                pick(base.cpusLimit(), better.cpusLimit()), pick(base.memRssBytes(), better.memRssBytes()),
                pick(base.memLimitBytes(), better.memLimitBytes()), pick(base.processes(), better.processes()));
    }

    private static double pick(double base, double better) {
        return better >= 0 ? better : base;
    }

    private static long pick(long base, long better) {
        return better >= 0 ? better : base;
    }

    /** The container's id and what its isolators report of it (network/cni: its networks and their addresses). */
    @Override
    public CompletionStage<ContainerStatus> status(ContainerID containerId) {
        return strands.submit(containerId.getValue(), () -> {
            ContainerStatus.Builder b = ContainerStatus.newBuilder().setContainerId(containerId);
            Container c = containers.get(containerId.getValue());
            if (c != null) {
                for (Isolator i : isolatorsOf(c)) {
                    try {
                        b.mergeFrom(i.status(containerId));
                    } catch (RuntimeException e) {
                        LOG.warn("Container {}: isolator {} could not tell its status: {}", containerId.getValue(),
                                i.name(), e.getMessage());
                    }
                }
            }
            return b.setContainerId(containerId).build();
        });
    }

    @Override
    public Set<ContainerID> containers() {
        Set<ContainerID> ids = new HashSet<>();
        containers.values().forEach(c -> ids.add(c.id));
        return ids;
    }

    /** Containers keep running: the agent (or the next containerizer instance) recovers them. */
    @Deactivate
    public void stop() {
        strands.stop(5);
        adopted.close();
        if (spawner != null) {
            spawner.close();
        }
    }
}
