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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.containerizer.mesos.internal.NativeContainerizer;
import org.agora.isolator.cgroups.internal.Cgroups;
import org.agora.isolator.cgroups.internal.cpu.CpuIsolator;
import org.agora.isolator.cgroups.internal.memory.MemoryIsolator;
import org.agora.isolator.cgroups.internal.pids.PidsIsolator;

/**
 * Container launch and destroy latency and sequential launches per second through the native containerizer,
 * against a bare fork/exec of the same command in the same run. Per mode: {@code launch} is the launch call until
 * the process exists; {@code run} a whole container of {@code true} (launch to termination reported); {@code
 * destroy} of a running {@code sleep} until its termination is reported.
 *
 * <p>Then the same {@code true} runs with {@value #IN_FLIGHT} in flight at once ({@code par/s}), as an agent launching
 * many tasks does, and each containerized rate as a share of the bare rate measured in the same run ({@code of bare}).
 * The rate of this machine swings by a tenth between runs of a few seconds, so each mode's parallel phase is
 * {@value #ROUNDS} pairs, a bare one right before each containerized one: {@code par/s} is the median of the
 * containerized rates and {@code of bare} the median of the pairs' shares; each pair is printed below the table. All
 * bare runs but one come after this JVM has started logging, as the containerizer's do: the one before, printed
 * below the table too, is 10-20 % faster.
 *
 * <p>Usage: {@code ./benchmarks/run.sh ContainerLaunch [launches] [isolation ...]}, each isolation a Mesos
 * {@code --isolation} value to compare (default: none, namespaces/pid, and cgroups/cpu,cgroups/mem;
 * the cgroups isolators need root).
 */
public final class ContainerLaunch {
    static final int IN_FLIGHT = 8;
    static final int ROUNDS = 3;
    private static final List<String> PAIRS = new java.util.ArrayList<>();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        List<String> modes = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
                : List.of("", "namespaces/pid", "cgroups/cpu,cgroups/mem");
        Path work = Files.createTempDirectory("agora-container-bench");
        System.out.printf("%-28s %9s %9s %9s %9s %9s %9s %10s %10s %8s%n", "mode", "launch50", "launch99", "run50",
                "run99", "kill50", "kill99", "runs/s", "par/s", "of bare");
        // A JVM forks 10-20 % slower once its logging has started (as it has in every agent), for reasons not found:
        // bare is measured in the state the containerizer runs in, and the pristine figure printed beside it.
        bare(n / 3, false); // warm-up
        double pristine = bareParallel(n);
        String root = "agora-bench-" + ProcessHandle.current().pid();
        Cgroups cgroups = new Cgroups(Map.of("cgroups.root", root));
        bare(n, true);
        PAIRS.add(String.format("  bare par/s before this JVM's logging started: %.0f", pristine));
        for (String isolation : modes) {
            NativeContainerizer c = NativeContainerizer.withIsolation(isolation);
            for (String name : isolation.split(",")) {
                switch (name.trim()) {
                    case "cgroups/cpu" -> c.useIsolator(new CpuIsolator(cgroups, Map.of()));
                    case "cgroups/mem" -> c.useIsolator(new MemoryIsolator(cgroups, Map.of()));
                    case "cgroups/pids" -> c.useIsolator(new PidsIsolator(cgroups, Map.of()));
                    default -> { }
                }
            }
            containerized(c, isolation, work, n / 3, false); // warm-up
            containerized(c, isolation, work, n, true);
            c.stop();
        }
        removeRoots(root);
        removeTree(work);
        PAIRS.forEach(System.out::println);
    }

    /** The containers' sandboxes (a few files each, thousands of them per run): not left in the temporary directory. */
    private static void removeTree(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The benchmark's (now empty) cgroup roots, in every hierarchy. */
    private static void removeRoots(String root) throws Exception {
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                Files.deleteIfExists(h.resolve(root));
            }
        }
        Files.deleteIfExists(Path.of("/sys/fs/cgroup", root));
    }

    private static void bare(int n, boolean report) throws Exception {
        double[] run = new double[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            new ProcessBuilder("/bin/sh", "-c", "true").start().waitFor();
            run[i] = ms(s);
        }
        double perSecond = n / (ms(t0) / 1000);
        double[] kill = new double[Math.max(1, n / 10)];
        for (int i = 0; i < kill.length; i++) {
            Process p = new ProcessBuilder("/bin/sh", "-c", "sleep 60").start();
            long s = System.nanoTime();
            p.destroyForcibly().waitFor();
            kill[i] = ms(s);
        }
        double parallel = bareParallel(n);
        if (report) {
            print("bare fork/exec", new double[0], run, kill, perSecond, parallel, 1.0);
        }
    }

    private static double bareParallel(int n) throws Exception {
        return parallel(n, () -> new ProcessBuilder("/bin/sh", "-c", "true").start().waitFor());
    }

    /** A run of {@code true}: the whole of it, start to end. */
    interface Run {
        void once() throws Exception;
    }

    /** Runs per second with {@link #IN_FLIGHT} runs at once. */
    private static double parallel(int n, Run run) throws Exception {
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(n);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(IN_FLIGHT);
        long t0 = System.nanoTime();
        List<java.util.concurrent.Future<?>> workers = new java.util.ArrayList<>();
        for (int w = 0; w < IN_FLIGHT; w++) {
            workers.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    run.once();
                }
                return null;
            }));
        }
        for (var w : workers) {
            w.get();
        }
        double perSecond = n / (ms(t0) / 1000);
        pool.shutdown();
        return perSecond;
    }

    private static void containerized(NativeContainerizer c, String isolation, Path work, int n, boolean report)
            throws Exception {
        double[] launch = new double[n];
        double[] run = new double[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ContainerConfig config = config(work, "run-" + isolation.hashCode() + "-" + report + "-" + i, "true");
            long s = System.nanoTime();
            c.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS);
            launch[i] = ms(s);
            c.wait(config.containerId()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            run[i] = ms(s);
        }
        double perSecond = n / (ms(t0) / 1000);
        double[] kill = new double[Math.max(1, n / 10)];
        for (int i = 0; i < kill.length; i++) {
            ContainerConfig config = config(work, "kill-" + isolation.hashCode() + "-" + report + "-" + i,
                    "sleep 60");
            c.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS);
            long s = System.nanoTime();
            c.destroy(config.containerId()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            kill[i] = ms(s);
        }
        java.util.concurrent.atomic.AtomicInteger seq = new java.util.concurrent.atomic.AtomicInteger();
        Run once = () -> {
            ContainerConfig config = config(work, "par-" + isolation.hashCode() + "-" + report + "-"
                    + seq.incrementAndGet(), "true");
            c.launch(config).toCompletableFuture().get(30, TimeUnit.SECONDS);
            c.wait(config.containerId()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        };
        if (!report) {
            parallel(n, once);
            return;
        }
        double[] rates = new double[ROUNDS];
        double[] shares = new double[ROUNDS];
        StringBuilder pairs = new StringBuilder();
        for (int r = 0; r < ROUNDS; r++) {
            double bare = bareParallel(n);
            rates[r] = parallel(n, once);
            shares[r] = rates[r] / bare;
            pairs.append(String.format("%s%.0f -> %.0f (%.0f%%)", r == 0 ? "" : ", ", bare, rates[r], 100 * shares[r]));
        }
        String mode = "containerizer " + (isolation.isEmpty() ? "(none)" : isolation);
        print(mode, launch, run, kill, perSecond, p(rates, 0.5), p(shares, 0.5));
        PAIRS.add("  " + mode + ", par/s of bare then containerized: " + pairs);
    }

    private static ContainerConfig config(Path work, String id, String command) throws Exception {
        return new ContainerConfig(ContainerID.newBuilder().setValue(id).build(),
                CommandInfo.newBuilder().setValue(command).build(), Resources.parse("cpus:0.1;mem:32"),
                Files.createDirectories(work.resolve(id)), Optional.empty(), Optional.empty(), Map.of());
    }

    private static void print(String mode, double[] launch, double[] run, double[] kill, double perSecond,
            double parallel, double share) {
        System.out.printf("%-28s %9s %9s %9.2f %9.2f %9.2f %9.2f %10.0f %10.0f %7.0f%%%n", mode, pct(launch, 0.5),
                pct(launch, 0.99), p(run, 0.5), p(run, 0.99), p(kill, 0.5), p(kill, 0.99), perSecond, parallel,
                100 * share);
    }

    private static String pct(double[] v, double q) {
        return v.length == 0 ? "-" : String.format("%.2f", p(v, q));
    }

    private static double p(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1)];
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private ContainerLaunch() {
    }
}
