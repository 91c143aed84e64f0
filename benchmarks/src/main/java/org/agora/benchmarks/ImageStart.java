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
package org.agora.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Image;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.containerizer.mesos.internal.NativeContainerizer;
import org.agora.images.internal.DockerImageProvisioner;
import org.agora.isolator.cgroups.internal.Cgroups;
import org.agora.isolator.cgroups.internal.cpu.CpuIsolator;
import org.agora.isolator.cgroups.internal.memory.MemoryIsolator;
import org.agora.scheduler.client.ContentType;
import org.agora.scheduler.client.Disconnect;
import org.agora.scheduler.client.EventHandler;
import org.agora.scheduler.client.SchedulerClient;
import org.agora.testing.topology.ImageRegistry;

/**
 * Container start from an image against a plain command task, in one run: a master (first-fit allocator) and an
 * agent in this JVM on loopback, the native containerizer with {@code cgroups/cpu,cgroups/mem} (as the distributions
 * run it) and the {@code docker} image provisioner (default backend: overlay where the kernel has it), and a private
 * Debian docker-registry on a free loopback port filled by skopeo with one-layer images of the static busybox.
 *
 * <p>Three kinds of task, each the command {@code true}, one task at a time, interleaved (each round runs the three
 * kinds, in an order that rotates from round to round): {@code plain}, no image (the agent's own filesystem);
 * {@code cached}, in an image already in the provisioner's store (provision the rootfs, then launch); {@code cold},
 * in an image that was never pulled: a fresh repository per run whose layer has a digest of its own (a marker file
 * differs), so manifest, config and layer all come from the registry. Two figures per task, from the ACCEPT being
 * sent: to TASK_RUNNING arriving at the framework (as TaskThroughput measures it), which the agent sends once the
 * containerizer has forked the task's launcher, before that launcher mounts the container's /proc, /dev, /sys, /tmp
 * and sandbox and moves into the rootfs; and to TASK_FINISHED, which holds those mounts and, for an image, the
 * rootfs's removal (the containerizer reports the end of an image container once its rootfs is gone). The goal is
 * judged on both. Each task has finished and its container is gone before the next is launched.
 *
 * <p>Usage, as root with docker-registry, skopeo and busybox-static installed: {@code ./benchmarks/run.sh ImageStart
 * [runs [native|script]]} (default 30 per kind, after 3 rounds of warm-up; image tasks start with the native launcher,
 * or with {@code script} the {@code /bin/sh} launcher script it falls back to). Goal (issue 13): a cached-image
 * start within 50 ms of a plain command task. The registry (by pid), its directory, the store, the cgroups and any
 * mount left under the work directory are removed at the end.
 */
public final class ImageStart {
    private static final String ISOLATION = "cgroups/cpu,cgroups/mem";
    private static final int WARM_UP = 3;
    private static final double GOAL_MS = 50;

    /** What a run starts. */
    enum Kind {
        PLAIN, CACHED, COLD
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        if (runs < 1) {
            throw new IllegalArgumentException("runs=" + runs + ": at least 1");
        }
        String launcher = args.length > 1 ? args[1] : "native";
        if (!launcher.equals("native") && !launcher.equals("script")) {
            throw new IllegalArgumentException("launcher=" + launcher + ": native or script");
        }
        Optional<String> missing = ImageRegistry.missing();
        if (missing.isPresent()) {
            System.err.println("ImageStart " + missing.get());
            System.exit(2);
        }
        Path work = Files.createTempDirectory("agora-image-bench");
        Run run = new Run(work, "agora-bench-" + ProcessHandle.current().pid() + "-image");
        // interrupted (Ctrl-C, SIGTERM): the registry is a child the JVM would leave running, and containers,
        // cgroups and mounts would stay
        Thread onInterrupt = new Thread(run::tearDown, "image-start-teardown");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            run.registry = new ImageRegistry(work.resolve("registry"));
            ImageRegistry registry = run.registry;
            System.out.printf("registry %s (pid %d); building and pushing 1 cached + %d cold images ...%n",
                    registry.host(), registry.pid(), WARM_UP + runs);
            String tag = Long.toHexString(System.nanoTime());
            String cachedLayer = ImageRegistry.ociLayout(work.resolve("images/cached"), "cached-" + tag);
            registry.push(work.resolve("images/cached"), "bench/busybox:cached");
            List<String> coldLayers = new ArrayList<>();
            for (int i = 0; i < WARM_UP + runs; i++) {
                Path layout = work.resolve("images/cold-" + i);
                coldLayers.add(ImageRegistry.ociLayout(layout, "cold-" + i + "-" + tag));
                registry.push(layout, "bench/cold-" + i + ":latest");
            }

            run.provisioner = new DockerImageProvisioner(Map.of("store.dir", work.resolve("store").toString(),
                    "provisioner.dir", work.resolve("provisioner").toString(), "gc.interval.ms", "0"));
            run.containerizer = launcher.equals("script") ? NativeContainerizer.withIsolationAndScriptLauncher(
                    ISOLATION) : NativeContainerizer.withIsolation(ISOLATION);
            System.out.printf("image launcher: %s%n", run.containerizer.nativeLauncher() ? "native (pivot_root, "
                    + "one process)" : "the /bin/sh script" + (launcher.equals("native") ? " (the native one cannot "
                    + "be used here: see the warning above)" : ""));
            Cgroups cgroups = new Cgroups(Map.of("cgroups.root", run.cgroupsRoot));
            run.containerizer.useIsolator(new CpuIsolator(cgroups, Map.of()));
            run.containerizer.useIsolator(new MemoryIsolator(cgroups, Map.of()));
            run.containerizer.useProvisioner(run.provisioner);
            run.cluster = BenchCluster.start(BenchCluster.Mode.PLAIN, Files.createDirectories(work.resolve("agent")),
                    Map.of(), "cpus:2;mem:4096;disk:1000");
            run.cluster.agent.useContainerizer(run.containerizer);
            measure(run.cluster, run.containerizer, registry.host(), runs);
            rootfsAlone(run.provisioner, registry.host() + "/bench/busybox:cached", runs);
            // what was measured is what was meant: the cached image's layer came from the registry once (the
            // warm-up's first start), each cold image's layer once
            long coldOnce = 0;
            for (String layer : coldLayers) {
                coldOnce += registry.blobGets(layer) == 1 ? 1 : 0;
            }
            System.out.printf("layer downloads seen by the registry: cached image %d (1 expected), cold images "
                    + "fetched exactly once %d of %d%n", registry.blobGets(cachedLayer), coldOnce, coldLayers.size());
        } finally {
            run.tearDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) the same tear-down, which does its work once
            }
        }
    }

    /** What a run started, torn down once: from the end of main or from the shutdown hook, whichever comes first. */
    private static final class Run {
        final Path work;
        final String cgroupsRoot;
        volatile ImageRegistry registry;
        volatile BenchCluster cluster;
        volatile NativeContainerizer containerizer;
        volatile DockerImageProvisioner provisioner;
        private boolean tornDown;

        Run(Path work, String cgroupsRoot) {
            this.work = work;
            this.cgroupsRoot = cgroupsRoot;
        }

        /**
         * Destroys the containers left, stops agent, master, containerizer and provisioner, the registry (by pid),
         * then removes mounts, cgroups and the work directory; reports what it could not remove, never throws.
         */
        synchronized void tearDown() {
            if (tornDown) {
                return;
            }
            tornDown = true;
            NativeContainerizer c = containerizer;
            if (c != null) {
                for (var id : c.containers()) {
                    quietly("destroy container " + id.getValue(), () -> c.destroy(id).toCompletableFuture()
                            .get(30, TimeUnit.SECONDS));
                }
            }
            if (cluster != null) {
                quietly("stop master and agent", cluster::close);
            }
            if (c != null) {
                quietly("stop the containerizer", c::stop);
            }
            if (provisioner != null) {
                quietly("stop the provisioner", provisioner::deactivate);
            }
            if (registry != null) {
                quietly("stop the registry", registry::close);
            }
            quietly("clean up " + work, () -> cleanUp(work, cgroupsRoot));
        }

        private static void quietly(String what, Step step) {
            try {
                step.run();
            } catch (Exception e) {
                System.err.println("ImageStart: could not " + what + ": " + e);
            }
        }

        /** A step of the tear-down. */
        interface Step {
            void run() throws Exception;
        }
    }

    private static void measure(BenchCluster cluster, NativeContainerizer containerizer, String registry, int runs)
            throws Exception {
        Framework f = new Framework();
        Map<Kind, List<double[]>> samples = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            samples.put(k, new ArrayList<>());
        }
        try (SchedulerClient client = cluster.client().contentType(ContentType.PROTOBUF).handler(f).build()) {
            f.client = client;
            client.subscribe(cluster.framework(FrameworkInfo.newBuilder().setUser("root").setName("image-start")
                    .addRoles("*").addCapabilities(FrameworkInfo.Capability.newBuilder()
                            .setType(FrameworkInfo.Capability.Type.MULTI_ROLE)))).get(10, TimeUnit.SECONDS);
            for (int round = 0; round < WARM_UP + runs; round++) {
                for (int j = 0; j < 3; j++) {
                    Kind kind = Kind.values()[(round + j) % 3];
                    Optional<String> image = switch (kind) {
                        case PLAIN -> Optional.empty();
                        case CACHED -> Optional.of(registry + "/bench/busybox:cached");
                        case COLD -> Optional.of(registry + "/bench/cold-" + round + ":latest");
                    };
                    double[] t = f.runOne(kind.name().toLowerCase(Locale.ROOT) + "-" + round, image);
                    // the warm-up's first cached start pulls the image into the store: never counted
                    if (round >= WARM_UP) {
                        samples.get(kind).add(t);
                    }
                    awaitNoContainers(containerizer);
                }
            }
            client.teardown().get(10, TimeUnit.SECONDS);
        }
        System.out.printf("%n%d runs per kind (after %d warm-up rounds), one task at a time, interleaved; "
                + "isolation %s%n", runs, WARM_UP, ISOLATION);
        System.out.printf("%-8s %12s %12s %12s %12s%n", "kind", "running p50", "running p99", "finished p50",
                "finished p99");
        for (Kind k : Kind.values()) {
            double[] running = samples.get(k).stream().mapToDouble(s -> s[0]).toArray();
            double[] finished = samples.get(k).stream().mapToDouble(s -> s[1]).toArray();
            System.out.printf("%-8s %9.1f ms %9.1f ms %9.1f ms %9.1f ms%n", k.name().toLowerCase(Locale.ROOT),
                    p(running, 0.5), p(running, 0.99), p(finished, 0.5), p(finished, 0.99));
        }
        // TASK_RUNNING comes when the launcher process has been forked: its mounts inside the container and the
        // pivot into the rootfs come after it; TASK_FINISHED of 'true' comes after those, the task, and the rootfs's
        // removal (the containerizer reports an image container's end once its rootfs is gone)
        verdict(samples, 0, "ACCEPT -> TASK_RUNNING (launcher forked; its rootfs mounts come after)");
        verdict(samples, 1, "ACCEPT -> TASK_FINISHED (with the launcher's mounts and the rootfs removal)");
    }

    private static void verdict(Map<Kind, List<double[]>> samples, int which, String what) {
        double[] plain = samples.get(Kind.PLAIN).stream().mapToDouble(s -> s[which]).toArray();
        double[] cached = samples.get(Kind.CACHED).stream().mapToDouble(s -> s[which]).toArray();
        double[] cold = samples.get(Kind.COLD).stream().mapToDouble(s -> s[which]).toArray();
        double d50 = p(cached, 0.5) - p(plain, 0.5);
        double d99 = p(cached, 0.99) - p(plain, 0.99);
        System.out.printf("%s:%n  cached - plain p50 %+.1f ms, p99 %+.1f ms; goal within %.0f ms: p50 %s, p99 %s;"
                + " cold - plain p50 %+.1f ms, p99 %+.1f ms%n", what, d50, d99, GOAL_MS, d50 <= GOAL_MS ? "met"
                : "NOT met", d99 <= GOAL_MS ? "met" : "NOT met", p(cold, 0.5) - p(plain, 0.5),
                p(cold, 0.99) - p(plain, 0.99));
    }

    /**
     * The cached image's share of those figures, the provisioner alone: provision (the rootfs mounted from the store)
     * and destroy (unmounted and removed), one after another, for containers that never run.
     */
    private static void rootfsAlone(DockerImageProvisioner provisioner, String image, int runs) throws Exception {
        double[] provision = new double[runs];
        double[] destroy = new double[runs];
        Image cached = Image.newBuilder().setType(Image.Type.DOCKER).setDocker(Image.Docker.newBuilder()
                .setName(image)).build();
        for (int i = 0; i < runs; i++) {
            org.agora.api.v1.Protos.ContainerID id = org.agora.api.v1.Protos.ContainerID.newBuilder()
                    .setValue("rootfs-only-" + i).build();
            long t0 = System.nanoTime();
            provisioner.provision(id, cached).toCompletableFuture().get(60, TimeUnit.SECONDS);
            long t1 = System.nanoTime();
            provisioner.destroy(id).toCompletableFuture().get(60, TimeUnit.SECONDS);
            provision[i] = (t1 - t0) / 1e6;
            destroy[i] = (System.nanoTime() - t1) / 1e6;
        }
        System.out.printf("the provisioner alone, cached image, %d times: provision p50 %.1f ms p99 %.1f ms, destroy "
                + "p50 %.1f ms p99 %.1f ms%n", runs, p(provision, 0.5), p(provision, 0.99), p(destroy, 0.5),
                p(destroy, 0.99));
    }

    /** Waits until the last task's container, and with it its rootfs, is gone: the next start finds a quiet agent. */
    private static void awaitNoContainers(NativeContainerizer containerizer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!containerizer.containers().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("containers still there 30 s after their task finished: "
                        + containerizer.containers());
            }
            Thread.sleep(2);
        }
    }

    /** The framework: holds its offers until a run takes them; records when each task's statuses arrive. */
    private static final class Framework implements EventHandler {
        final LinkedBlockingQueue<Offer> offers = new LinkedBlockingQueue<>();
        final Map<String, CompletableFuture<Long>> running = new ConcurrentHashMap<>();
        final Map<String, CompletableFuture<TaskStatus>> ended = new ConcurrentHashMap<>();
        final Map<String, Long> endedAt = new ConcurrentHashMap<>();
        SchedulerClient client;

        @Override
        public void event(Event e) {
            if (e.getType() == Event.Type.OFFERS) {
                offers.addAll(e.getOffers().getOffersList());
            } else if (e.getType() == Event.Type.RESCIND) {
                offers.removeIf(o -> o.getId().equals(e.getRescind().getOfferId()));
            } else if (e.getType() == Event.Type.UPDATE) {
                long now = System.nanoTime();
                TaskStatus s = e.getUpdate().getStatus();
                String id = s.getTaskId().getValue();
                if (s.hasUuid()) {
                    client.acknowledge(s);
                }
                if (s.getState() == TaskState.TASK_RUNNING) {
                    future(running, id).complete(now);
                } else if (s.getState() != TaskState.TASK_STARTING && s.getState() != TaskState.TASK_STAGING) {
                    endedAt.put(id, now);
                    future(ended, id).complete(s);
                    // a task that failed before running completes its RUNNING wait with the failure
                    future(running, id).completeExceptionally(new IllegalStateException("task " + id + " ended "
                            + s.getState() + " (" + s.getReason() + "): " + s.getMessage()));
                }
            }
        }

        private static <T> CompletableFuture<T> future(Map<String, CompletableFuture<T>> m, String id) {
            return m.computeIfAbsent(id, k -> new CompletableFuture<>());
        }

        /**
         * Launches task {@code id} ({@code true}, in {@code image} if given) on the offers held, and waits for it to
         * finish; {ACCEPT -> TASK_RUNNING, ACCEPT -> TASK_FINISHED} in ms.
         */
        double[] runOne(String id, Optional<String> image) throws Exception {
            Offer first = offers.poll(30, TimeUnit.SECONDS);
            if (first == null) {
                throw new IllegalStateException("no offer within 30 s for task " + id);
            }
            List<Offer> held = new ArrayList<>(List.of(first));
            offers.drainTo(held);
            String role = first.getAllocationInfo().getRole();
            TaskInfo.Builder task = TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                    .setAgentId(first.getAgentId())
                    .addAllResources(Resources.parse("cpus:0.1;mem:32").withAllocationRole(role).toList())
                    .setCommand(CommandInfo.newBuilder().setValue("true"));
            image.ifPresent(name -> task.setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                    .setMesos(ContainerInfo.MesosInfo.newBuilder().setImage(Image.newBuilder()
                            .setType(Image.Type.DOCKER).setDocker(Image.Docker.newBuilder().setName(name))))));
            List<OfferID> ids = held.stream().map(Offer::getId).toList();
            long t0 = System.nanoTime();
            client.launch(ids, List.of(task.build()), Filters.newBuilder().setRefuseSeconds(0).build());
            long runningAt = future(running, id).get(300, TimeUnit.SECONDS);
            TaskStatus last = future(ended, id).get(60, TimeUnit.SECONDS);
            if (last.getState() != TaskState.TASK_FINISHED) {
                throw new IllegalStateException("task " + id + " ended " + last.getState() + ": "
                        + last.getMessage());
            }
            return new double[] {(runningAt - t0) / 1e6, (endedAt.get(id) - t0) / 1e6};
        }

        @Override
        public void disconnected(Disconnect d) {
            System.err.println("disconnected: " + d);
        }
    }

    /**
     * Unmounts whatever is still mounted under the work directory (deepest first), removes the benchmark's cgroup
     * roots and the work directory (registry data, store, sandboxes).
     */
    private static void cleanUp(Path work, String cgroupsRoot) throws IOException, InterruptedException {
        if (!Files.exists(work)) {
            return;
        }
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" ")[4]).filter(m -> m.startsWith(work.toString()))
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String m : mounts) {
            System.err.println("unmounting " + m + ", left behind");
            new ProcessBuilder("umount", "-l", m).inheritIO().start().waitFor();
        }
        if (Files.isDirectory(Path.of("/sys/fs/cgroup"))) {
            List<Path> roots = new ArrayList<>(List.of(Path.of("/sys/fs/cgroup", cgroupsRoot)));
            try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
                hierarchies.map(h -> h.resolve(cgroupsRoot)).forEach(roots::add);
            }
            for (Path root : roots) {
                if (Files.isDirectory(root)) {
                    // a container's cgroup left under the root goes first (a cgroup is removed as an empty directory)
                    try (Stream<Path> dirs = Files.walk(root)) {
                        for (Path d : dirs.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(d);
                        }
                    }
                }
            }
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static double p(double[] v, double q) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.max(0, Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1))];
    }

    private ImageStart() {
    }
}
