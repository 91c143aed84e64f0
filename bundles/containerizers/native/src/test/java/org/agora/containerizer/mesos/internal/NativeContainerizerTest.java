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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.containerizer.ContainerState;
import org.agora.api.containerizer.ContainerTermination;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.isolator.Isolator;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes, real namespaces and a real cgroup; isolators here are small test ones. */
class NativeContainerizerTest {
    @TempDir
    Path dir;

    private final List<Long> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (long pid : started) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
        }
    }

    private ContainerConfig config(String id, String command) throws Exception {
        Path sandbox = Files.createDirectories(dir.resolve(id));
        return new ContainerConfig(ContainerID.newBuilder().setValue(id).build(),
                CommandInfo.newBuilder().setValue(command).build(), Resources.parse("cpus:0.1;mem:32"), sandbox,
                Optional.empty(), Optional.empty(), Map.of("GREETING", "hello"));
    }

    private long launch(NativeContainerizer c, ContainerConfig config) throws Exception {
        long pid = c.launch(config).toCompletableFuture().get(10, TimeUnit.SECONDS);
        started.add(pid);
        return pid;
    }

    private static ContainerTermination ended(NativeContainerizer c, ContainerConfig config) throws Exception {
        return c.wait(config.containerId()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aContainerRunsItsCommandInItsSandboxAndReportsTheWaitStatus() throws Exception {
        NativeContainerizer c = new NativeContainerizer(ContainerizerSettings.parse(""));
        ContainerConfig config = config("plain", "echo $GREETING from $(pwd); exit 3");
        launch(c, config);
        ContainerTermination t = ended(c, config);
        assertThat(t.status()).hasValue(3 << 8);
        assertThat(Files.readString(config.sandbox().resolve("stdout")).trim())
                .isEqualTo("hello from " + config.sandbox());
        assertThat(c.containers()).isEmpty();
    }

    @Test
    void inItsOwnPidNamespaceTheTaskIsPidOneAndSeesOnlyItsProcesses() throws Exception {
        NativeContainerizer c = new NativeContainerizer(ContainerizerSettings.parse("namespaces/pid"));
        ContainerConfig config = config("pidns", "echo pid $$; ls /proc | grep -c '^[0-9]'");
        launch(c, config);
        assertThat(ended(c, config).status()).hasValue(0);
        List<String> out = Files.readAllLines(config.sandbox().resolve("stdout"));
        assertThat(out.get(0)).isEqualTo("pid 1");
        // the shell, and ls (or grep) while it lists /proc: a handful, not the host's hundreds
        assertThat(Integer.parseInt(out.get(1).trim())).isBetween(1, 4);
    }

    @Test
    void destroyKillsEveryProcessEvenOnesThatLeftTheTree() throws Exception {
        NativeContainerizer c = new NativeContainerizer(ContainerizerSettings.parse("namespaces/pid"));
        String marker = "3" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100000) + ".5";
        // a daemonised grandchild: reparented away from the task's shell, so a process-tree kill would miss it
        ContainerConfig config = config("escape", "(setsid sleep " + marker + " &); sleep 300");
        launch(c, config);
        await().atMost(Duration.ofSeconds(10)).until(() -> processesWith(marker) == 1);
        c.destroy(config.containerId()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(ended(c, config).message()).isEqualTo("destroyed");
        await().atMost(Duration.ofSeconds(10)).until(() -> processesWith(marker) == 0);
    }

    private static long processesWith(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(a -> List.of(a).contains(marker)).orElse(false)).count();
    }

    @Test
    void theLauncherJoinsTheIsolatorsCgroupsBeforeTheTaskRuns() throws Exception {
        joinsTheCgroups(new NativeContainerizer(ContainerizerSettings.parse("cgroups/pids")));
    }

    @Test
    void theScriptLauncherJoinsThemToo() throws Exception {
        NativeContainerizer c = new NativeContainerizer(ContainerizerSettings.parse("cgroups/pids"),
                ContainerizerSettings.DEFAULT_THREADS, Optional.empty());
        assertThat(c.nativeLauncher()).isFalse();
        joinsTheCgroups(c);
    }

    private void joinsTheCgroups(NativeContainerizer c) throws Exception {
        Path root = writableCgroupRoot();
        Path cgroup = root.resolve("agora-test-" + UUID.randomUUID());
        TestIsolator isolator = new TestIsolator("cgroups/pids", cgroup);
        c.useIsolator(isolator);
        ContainerConfig config = config("joined", "cat /proc/self/cgroup");
        launch(c, config);
        assertThat(ended(c, config).status()).hasValue(0);
        String relative = "/" + root.relativize(cgroup);
        assertThat(Files.readString(config.sandbox().resolve("stdout"))).contains(relative);
        assertThat(isolator.calls).containsSubsequence("prepare joined", "isolate joined", "cleanup joined");
        assertThat(Files.exists(cgroup)).isFalse();
    }

    /** A cgroup hierarchy this test may create a child in: v2 at the root, else the v1 pids (or unified) one. */
    private static Path writableCgroupRoot() {
        for (String candidate : List.of("/sys/fs/cgroup/pids", "/sys/fs/cgroup/unified", "/sys/fs/cgroup")) {
            Path p = Path.of(candidate);
            if (Files.exists(p.resolve("cgroup.procs")) && Files.isWritable(p)) {
                return p;
            }
        }
        assumeTrue(false, "no writable cgroup hierarchy here (needs root)");
        return null;
    }

    @Test
    void anUnknownIsolatorNameIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> ContainerizerSettings.parse("cgroups/cpu,cgroups/rainbow"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown isolator 'cgroups/rainbow'").hasMessageContaining("cgroups/mem");
    }

    @Test
    void anIsolatorThatCannotIsolateTheStartedProcessEndsTheContainerWithItsReason() throws Exception {
        TestIsolator broken = new TestIsolator("cgroups/cpu", null) {
            @Override
            public void isolate(ContainerID containerId, long pid) {
                throw new org.agora.api.isolator.IsolatorException("cgroups/cpu: container " + containerId.getValue()
                        + ": cannot write cgroup.procs");
            }
        };
        NativeContainerizer c = new NativeContainerizer(ContainerizerSettings.parse("cgroups/cpu"));
        c.useIsolator(broken);
        ContainerConfig config = config("unisolated", "sleep 300");
        long pid = launch(c, config);
        ContainerTermination t = ended(c, config);
        assertThat(t.message()).isEqualTo("isolator cgroups/cpu could not isolate the container: cgroups/cpu: "
                + "container unisolated: cannot write cgroup.procs");
        assertThat(t.status()).hasValue(9); // killed
        assertThat(broken.calls).contains("cleanup unisolated");
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void gpuNvidiaWithoutCgroupsDevicesIsRefusedAndComesAfterIt() {
        assertThatThrownBy(() -> ContainerizerSettings.parse("cgroups/mem,gpu/nvidia"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gpu/nvidia needs cgroups/devices");
        assertThat(ContainerizerSettings.parse("gpu/nvidia,cgroups/devices,cgroups/mem").isolators())
                .containsExactly("cgroups/devices", "cgroups/mem", "gpu/nvidia");
    }

    @Test
    void aConfiguredIsolatorThatIsNotInstalledFailsTheLaunchClearly() throws Exception {
        NativeContainerizer c = new NativeContainerizer(ContainerizerSettings.parse("cgroups/mem"));
        assertThatThrownBy(() -> c.launch(config("nomem", "true")).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("isolator cgroups/mem is configured");
    }

    @Test
    void aLimitationKillsTheContainerAndIsReported() throws Exception {
        TestIsolator isolator = new TestIsolator("cgroups/mem", null);
        NativeContainerizer c = new NativeContainerizer(ContainerizerSettings.parse("cgroups/mem"));
        c.useIsolator(isolator);
        ContainerConfig config = config("oom", "sleep 300");
        launch(c, config);
        isolator.limit.complete(new ContainerLimitation(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY,
                "memory limit 32 MB exceeded", Resources.parse("mem:32")));
        ContainerTermination t = ended(c, config);
        assertThat(t.limitation()).map(ContainerLimitation::reason)
                .hasValue(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY);
        assertThat(t.status()).hasValue(9); // SIGKILL
    }

    @Test
    void aRecoveredContainerThatEndsAsAZombieIsReportedEnded() throws Exception {
        // the container's process is not this JVM's child, and nothing reaps it: it ends a zombie (its shell has
        // become a sleep that never waits), which ProcessHandle would count alive for ever
        Process parent = new ProcessBuilder("/bin/sh", "-c", "/bin/sleep 1 & echo $!; exec /bin/sleep 60").start();
        started.add(parent.pid());
        long pid = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream()))
                .readLine().trim());
        ContainerConfig config = config("adopted", "unused");
        NativeContainerizer after = new NativeContainerizer(ContainerizerSettings.parse(""));
        after.recover(List.of(new ContainerState(config.containerId(), pid, config.sandbox(), config.resources())))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(after.containers()).containsExactly(config.containerId());

        ContainerTermination t = ended(after, config);

        assertThat(t.message()).isEqualTo("the container ended");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("a zombie still").hasValue(true);
        assertThat(after.containers()).isEmpty();
        after.stop();
    }

    @Test
    void anotherContainerizerRecoversARunningContainerAndAnUpgradedIsolatorTakesItOver() throws Exception {
        TestIsolator first = new TestIsolator("cgroups/cpu", null);
        NativeContainerizer before = new NativeContainerizer(ContainerizerSettings.parse("cgroups/cpu"));
        before.useIsolator(first);
        ContainerConfig config = config("survivor", "sleep 300");
        long pid = launch(before, config);
        ContainerConfig gone = config("gone", "true");
        long gonePid = launch(before, gone);
        ended(before, gone);

        // the agent restarted: a new containerizer (and isolator instance) learns of both from the checkpoint
        TestIsolator second = new TestIsolator("cgroups/cpu", null);
        NativeContainerizer after = new NativeContainerizer(ContainerizerSettings.parse("cgroups/cpu"));
        after.useIsolator(second);
        after.recover(List.of(new ContainerState(config.containerId(), pid, config.sandbox(), config.resources()),
                new ContainerState(gone.containerId(), gonePid, gone.sandbox(), gone.resources())))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(second.calls).contains("recover survivor,gone");
        assertThat(ended(after, gone).message()).contains("ended while the agent was down");
        assertThat(after.containers()).containsExactly(config.containerId());

        // the isolator bundle is upgraded while the container runs
        TestIsolator third = new TestIsolator("cgroups/cpu", null);
        after.useIsolator(third);
        await().atMost(Duration.ofSeconds(10)).until(() -> third.calls.contains("recover survivor"));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).hasValue(true);

        after.destroy(config.containerId()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(ended(after, config).status()).isEmpty(); // not our child after the restart
        assertThat(third.calls).contains("cleanup survivor");
        assertThat(second.calls).doesNotContain("cleanup survivor");
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).isEmpty()
                || !ProcessHandle.of(pid).get().isAlive());
    }

    @Test
    void aNewIsolationAppliesToContainersLaunchedAfterItAndABadOneIsRefused() throws Exception {
        TestIsolator cpu = new TestIsolator("cgroups/cpu", null);
        NativeContainerizer c = new NativeContainerizer(ContainerizerSettings.parse(""));
        c.useIsolator(cpu); // installed, not selected
        ContainerConfig before = config("before", "true");
        launch(c, before);
        ended(c, before);
        assertThat(cpu.calls).isEmpty();

        c.modified(Map.of("isolation", "cgroups/cpu"));
        c.modified(Map.of("isolation", "cgroups/cpu,cgroups/rainbow")); // refused: the previous one stays
        assertThat(c.isolatorStates()).containsExactly(Map.entry("cgroups/cpu", "active"));
        ContainerConfig after = config("after", "true");
        launch(c, after);
        ended(c, after);
        assertThat(cpu.calls).contains("prepare after", "cleanup after");
    }

    @Test
    void differentContainersArePreparedAtTheSameTime() throws Exception {
        // each prepare waits until another container's prepare runs too: one containerizer thread would never get there
        java.util.concurrent.CyclicBarrier both = new java.util.concurrent.CyclicBarrier(2);
        TestIsolator isolator = new TestIsolator("cgroups/cpu", null) {
            @Override
            public LaunchContribution prepare(ContainerConfig config) {
                try {
                    both.await(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("no other container was prepared meanwhile", e);
                }
                return super.prepare(config);
            }
        };
        NativeContainerizer c = new NativeContainerizer(ContainerizerSettings.parse("cgroups/cpu"), 2);
        c.useIsolator(isolator);
        ContainerConfig a = config("a", "true");
        ContainerConfig b = config("b", "true");
        CompletableFuture<Long> first = c.launch(a).toCompletableFuture();
        CompletableFuture<Long> second = c.launch(b).toCompletableFuture();
        started.add(first.get(30, TimeUnit.SECONDS));
        started.add(second.get(30, TimeUnit.SECONDS));
        assertThat(ended(c, a).status()).hasValue(0);
        assertThat(ended(c, b).status()).hasValue(0);
        c.stop();
    }

    @Test
    void manyContainersAtOnceNeverOverlapCallsForOneContainerAndEachSeesItsCallsInOrder() throws Exception {
        OrderIsolator isolator = new OrderIsolator();
        NativeContainerizer c = new NativeContainerizer(ContainerizerSettings.parse("cgroups/cpu"), 8);
        c.useIsolator(isolator);
        List<ContainerConfig> configs = new ArrayList<>();
        List<CompletableFuture<?>> ends = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ContainerConfig config = config("m" + i, i % 4 == 0 ? "sleep 30" : "true");
            configs.add(config);
            CompletableFuture<Long> launched = c.launch(config).toCompletableFuture();
            // a usage and a wait right behind the launch, and for every fourth a destroy: all for the same container
            ends.add(launched.thenCompose(pid -> {
                synchronized (started) {
                    started.add(pid);
                }
                // a 'true' may have ended already: then usage says the container is unknown
                return c.usage(config.containerId()).handle((u, e) -> u);
            }));
            ends.add(c.wait(config.containerId()).toCompletableFuture());
            if (i % 4 == 0) {
                ends.add(launched.thenCompose(pid -> c.destroy(config.containerId())));
            }
        }
        CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(isolator.overlaps).as("calls for one container that overlapped").isEmpty();
        assertThat(isolator.mostAtOnce.get()).as("containers worked on at once").isGreaterThan(1);
        for (ContainerConfig config : configs) {
            String id = config.containerId().getValue();
            assertThat(isolator.calls.get(id)).as(id).startsWith("prepare", "isolate").endsWith("cleanup")
                    .containsOnlyOnce("prepare", "cleanup");
        }
        assertThat(c.containers()).isEmpty();
        c.stop();
    }

    /** Notes the order of each container's calls and any two calls for one container that ran at the same time. */
    private static final class OrderIsolator implements Isolator {
        final Map<String, List<String>> calls = new java.util.concurrent.ConcurrentHashMap<>();
        final List<String> overlaps = new CopyOnWriteArrayList<>();
        final java.util.Set<String> busy = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicInteger atOnce = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();

        private void call(String what, ContainerID id, Runnable inside) {
            String name = id.getValue();
            if (!busy.add(name)) {
                overlaps.add(what + " " + name);
            }
            mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            try {
                calls.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(what);
                inside.run();
                // stay a moment, as kernel calls do, so that overlapping calls would meet here
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            } finally {
                atOnce.decrementAndGet();
                busy.remove(name);
            }
        }

        @Override
        public String name() {
            return "cgroups/cpu";
        }

        @Override
        public void validate() {
        }

        @Override
        public void recover(List<ContainerState> states) {
        }

        @Override
        public LaunchContribution prepare(ContainerConfig config) {
            call("prepare", config.containerId(), () -> { });
            return LaunchContribution.none();
        }

        @Override
        public void isolate(ContainerID containerId, long pid) {
            call("isolate", containerId, () -> { });
        }

        @Override
        public CompletionStage<ContainerLimitation> watch(ContainerID containerId) {
            return new CompletableFuture<>();
        }

        @Override
        public void update(ContainerID containerId, Resources resources) {
            call("update", containerId, () -> { });
        }

        @Override
        public ContainerUsage usage(ContainerID containerId) {
            call("usage", containerId, () -> { });
            return new ContainerUsage(0, -1, -1, -1, -1, -1, -1);
        }

        @Override
        public void cleanup(ContainerID containerId) {
            call("cleanup", containerId, () -> { });
        }
    }

    @Test
    void waitStatusFollowsJavasExitValueConvention() {
        assertThat(NativeContainerizer.waitStatus(0)).isZero();
        assertThat(NativeContainerizer.waitStatus(3)).isEqualTo(3 << 8);
        assertThat(NativeContainerizer.waitStatus(137)).isEqualTo(9);
        assertThat(NativeContainerizer.waitStatus(143)).isEqualTo(15);
    }

    /** Records its calls; with a cgroup path it creates that cgroup and has the launcher join it. */
    private static class TestIsolator implements Isolator {
        final String name;
        final Path cgroup;
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CompletableFuture<ContainerLimitation> limit = new CompletableFuture<>();

        TestIsolator(String name, Path cgroup) {
            this.name = name;
            this.cgroup = cgroup;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void validate() {
        }

        @Override
        public void recover(List<ContainerState> states) {
            calls.add("recover " + String.join(",", states.stream().map(s -> s.containerId().getValue()).toList()));
        }

        @Override
        public LaunchContribution prepare(ContainerConfig config) {
            calls.add("prepare " + config.containerId().getValue());
            if (cgroup == null) {
                return LaunchContribution.none();
            }
            try {
                Files.createDirectory(cgroup);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return new LaunchContribution(Map.of(), java.util.Set.of(), List.of(cgroup.toString()));
        }

        @Override
        public void isolate(ContainerID containerId, long pid) {
            calls.add("isolate " + containerId.getValue());
        }

        @Override
        public CompletionStage<ContainerLimitation> watch(ContainerID containerId) {
            return limit;
        }

        @Override
        public void update(ContainerID containerId, Resources resources) {
        }

        @Override
        public ContainerUsage usage(ContainerID containerId) {
            return new ContainerUsage(0, -1, -1, -1, -1, -1, -1);
        }

        @Override
        public void cleanup(ContainerID containerId) {
            calls.add("cleanup " + containerId.getValue());
            if (cgroup != null) {
                try {
                    Files.deleteIfExists(cgroup); // rmdir: the task has exited, the cgroup is empty
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
