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
package org.agora.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.agora.api.v1.Protos.TaskState;
import org.agora.testing.topology.Distributions;
import org.agora.testing.topology.MasterNode;
import org.agora.testing.topology.RunMarks;
import org.agora.testing.topology.TaskHistory;
import org.agora.testing.topology.TaskSpec;
import org.agora.testing.topology.Topology;
import org.agora.testing.topology.TrackingFramework;
import org.agora.testing.topology.ZooKeeperEnsemble;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * High availability with real processes: three masters and two agents from the built distributions, a three-node
 * ZooKeeper ensemble of separate JVMs, and two frameworks that follow the leader through ZooKeeper (one with a
 * failover timeout of a week, PARTITION_AWARE and checkpointing; one with Mesos's defaults: failover timeout 0, no
 * capabilities beyond MULTI_ROLE). The leading master is killed with SIGKILL five times in a row, once in the middle
 * of a burst of launches; then a ZooKeeper node is killed, then the whole ensemble is restarted.
 *
 * <p>After each failure: a new leader serves, both agents are active on it, both frameworks are subscribed to it
 * with their old ids, and every task is still running or finished. At the end: every task that ran ran once, every
 * end was reported once, and no task that ran was ever reported lost, unknown or unreachable.
 *
 * <p>The tests share one topology and run in order; semantic violations are collected round by round and reported
 * together, so one broken round does not hide the others. Logs stay under {@code target/topology/} when a test
 * fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HaTopologyIT {
    private static final Duration SESSION = Duration.ofSeconds(4);
    /** Kill to new leader: the session timeout, an election, a registry read, and room for a busy machine. */
    private static final Duration FAILOVER = SESSION.plusSeconds(26);
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final int LONG_TASK_SECONDS = 3600;
    private static final int SHORT_TASK_SECONDS = 3;
    /** States a task that really ran must never be reported in. */
    private static final Set<TaskState> NEVER_FOR_A_RUNNING_TASK = EnumSet.of(TaskState.TASK_LOST,
            TaskState.TASK_UNKNOWN, TaskState.TASK_UNREACHABLE, TaskState.TASK_DROPPED, TaskState.TASK_GONE,
            TaskState.TASK_FAILED, TaskState.TASK_KILLED, TaskState.TASK_ERROR);

    private Topology topology;
    private TrackingFramework weekLong;
    private TrackingFramework noFailover;
    private RunMarks marks;
    /** Tasks expected to run for the whole test, and tasks expected to finish, by framework. */
    private final Map<TrackingFramework, List<String>> longTasks = new LinkedHashMap<>();
    private final Map<TrackingFramework, List<String>> shortTasks = new LinkedHashMap<>();
    /** Tasks whose launch a killed master may have swallowed: they ran once, or never and were not reported running. */
    private final Map<TrackingFramework, List<String>> burstTasks = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final List<String> figures = new ArrayList<>();

    @RegisterExtension
    final TopologyDiagnostics diagnostics = new TopologyDiagnostics(this::report, () -> {
        if (topology != null) {
            topology.keepFiles();
        }
    });

    @BeforeAll
    void startTopology() {
        Assumptions.assumeTrue(Distributions.missing().isEmpty(), () -> "HaTopologyIT skipped: "
                + Distributions.missing().orElse(""));
        Path dir = Path.of("target", "topology", "HaTopologyIT-" + System.currentTimeMillis()).toAbsolutePath();
        long t0 = System.nanoTime();
        topology = Topology.builder(dir).masters(3).agents(2).zookeepers(3).sessionTimeout(SESSION)
                .start(Duration.ofSeconds(180));
        marks = new RunMarks(dir.resolve("marks"));
        figures.add("topology up (3 ZooKeeper, 3 masters, 2 agents): " + millis(t0) + " ms");
        weekLong = TrackingFramework.builder(topology.zkUrl()).name("week-long").failoverTimeout(Duration.ofDays(7))
                .partitionAware(true).checkpoint(true).sessionTimeout(SESSION).start();
        noFailover = TrackingFramework.builder(topology.zkUrl()).name("no-failover").sessionTimeout(SESSION).start();
        for (TrackingFramework f : List.of(weekLong, noFailover)) {
            longTasks.put(f, new ArrayList<>());
            shortTasks.put(f, new ArrayList<>());
            burstTasks.put(f, new ArrayList<>());
        }
        MasterNode leader = topology.awaitLeader(FAILOVER, List.of());
        String leaderId = leader.state().orElseThrow().id();
        await("both frameworks subscribed").atMost(SETTLE).until(() -> weekLong.subscribedTo(leaderId)
                && noFailover.subscribedTo(leaderId));
    }

    @AfterAll
    void stopTopology() {
        for (TrackingFramework f : new TrackingFramework[] {weekLong, noFailover}) {
            if (f != null) {
                f.close();
            }
        }
        if (topology != null) {
            topology.close();
        }
        figures.forEach(System.out::println);
    }

    @Test
    @Order(1)
    void killingTheLeaderFiveTimesLosesNoTask() {
        launchLong(3, "long");
        awaitRunning(longTasks, "the first long tasks");
        for (int round = 1; round <= 5; round++) {
            ensureThreeMastersServing();
            String tag = "r" + round;
            List<String> shortOnes = launchShort(2, tag);
            List<String> burst = List.of();
            if (round == 3) {
                // only the burst may be swallowed by the kill: the short tasks, which must finish, run before it
                awaitRunningOrFinished(shortOnes, "short tasks before the burst");
                burst = launchBurst(8, tag + "-burst");
                // kill as soon as the leader has taken part of the burst: the rest is in flight or still queued
                await("a first ACCEPT of the burst answered").atMost(SETTLE).pollInterval(Duration.ofMillis(5))
                        .until(() -> burstTasks.values().stream().flatMap(List::stream).anyMatch(this::accepted));
            } else {
                awaitRunning(longTasks, "long tasks before kill " + round);
            }
            MasterNode old = topology.awaitLeader(FAILOVER, List.of());
            List<TrackingFramework> running = live();
            long t0 = System.nanoTime();
            old.kill9();
            MasterNode leader = topology.awaitLeader(FAILOVER, List.of(old));
            long elected = millis(t0);
            CompletableFuture<Void> restart = CompletableFuture.runAsync(old::start);
            String leaderId = leader.state().orElseThrow().id();
            topology.awaitAgentsActiveOn(leader, SETTLE);
            long agents = millis(t0);
            boolean resubscribed = awaitResubscribed(running, leaderId, "kill " + round);
            figures.add(String.format("kill %d (%s%s): new leader %s serving after %d ms, both agents active after %d "
                    + "ms, %s", round, old.name(), round == 3 ? ", during a burst of " + burst.size() + " launches"
                    : "", leader.name(), elected, agents, resubscribed ? "frameworks re-subscribed after " + millis(t0)
                    + " ms" : "NOT every framework re-subscribed"));
            checkFrameworkIdsKept("kill " + round);
            checkTasksSettle("kill " + round);
            restart.join();
        }
        checkNoViolations();
    }

    @Test
    @Order(2)
    void killingOneZooKeeperNodeKeepsTheClusterWorking() {
        ensureThreeMastersServing();
        MasterNode leader = topology.awaitLeader(FAILOVER, List.of());
        Double electedBefore = leader.state().orElseThrow().electedTime().orElseThrow();
        ZooKeeperEnsemble zk = topology.zookeeper();
        ZooKeeperEnsemble.Node zkLeader = zk.nodes().stream()
                .filter(n -> n.mode().map("leader"::equals).orElse(false)).findFirst().orElseThrow();
        zkLeader.kill9();
        long t0 = System.nanoTime();
        await("the two other ZooKeeper nodes to form a quorum").atMost(SETTLE).pollInterval(Duration.ofMillis(50))
                .until(() -> zk.nodes().stream().filter(ZooKeeperEnsemble.Node::alive)
                        .filter(n -> n.mode().map(m -> m.equals("leader")).orElse(false)).count() == 1);
        figures.add("ZooKeeper leader zk" + zkLeader.id() + " killed: quorum again after " + millis(t0) + " ms");
        // the cluster keeps working: agents stay on a leader, new tasks launch and run, the old ones keep running
        softly("both agents active on the leader with one ZooKeeper node down", SETTLE, () -> topology
                .claimingLeaders().stream().anyMatch(topology::agentsActiveOn));
        List<String> fresh = launchShort(1, "zk-node-killed");
        awaitRunningOrFinished(fresh, "tasks launched with one ZooKeeper node down");
        checkTasksSettle("one ZooKeeper node killed");
        // a ZooKeeper node's death costs clients their connection, not their session: the leader keeps leading if
        // its client finds another server within a quarter of the session timeout (MasterContenderTest proves that
        // with a long session); with this test's 4 s session it may step down first, which must lose nothing
        boolean kept = topology.claimingLeaders().equals(List.of(leader)) && leader.state()
                .flatMap(st -> st.electedTime()).orElse(0.0).equals(electedBefore);
        figures.add("the leading master " + (kept ? "kept its leadership" : "was elected anew") + " when a "
                + "ZooKeeper node of three died");
        zkLeader.start();
        zk.awaitQuorum(SETTLE);
        checkNoViolations();
    }

    @Test
    @Order(3)
    void restartingTheWholeEnsembleLosesNoTask() {
        ensureThreeMastersServing();
        List<TrackingFramework> running = live();
        long t0 = System.nanoTime();
        topology.zookeeper().restartAll(SETTLE);
        long quorum = millis(t0);
        MasterNode leader = topology.awaitLeader(FAILOVER.plus(SETTLE), List.of());
        long elected = millis(t0);
        String leaderId = leader.state().orElseThrow().id();
        topology.awaitAgentsActiveOn(leader, SETTLE);
        long agents = millis(t0);
        boolean resubscribed = awaitResubscribed(running, leaderId, "ensemble restart");
        figures.add(String.format("whole ensemble killed and restarted: quorum after %d ms, %s leading after %d ms, "
                + "agents active after %d ms, %s", quorum, leader.name(), elected, agents, resubscribed
                ? "frameworks subscribed after " + millis(t0) + " ms" : "NOT every framework re-subscribed"));
        checkFrameworkIdsKept("ensemble restart");
        checkTasksSettle("ensemble restart");
        List<String> fresh = launchShort(1, "after-ensemble-restart");
        awaitRunningOrFinished(fresh, "tasks launched after the ensemble restart");
        checkNoViolations();
    }

    @Test
    @Order(4)
    void everyTaskRanOnceAndEveryEndWasReportedOnce() {
        for (TrackingFramework f : live()) {
            // finished, and told so by the agent's update itself, not only by a reconciliation answer: status
            // updates are delivered at least once, and the check below counts them
            softly(f.name() + ": every short task's end reported", SETTLE, () -> shortTasks.get(f).stream()
                    .allMatch(t -> f.task(t).ended() && f.task(t).heard(TaskState.TASK_FINISHED)));
        }
        for (TrackingFramework f : List.of(weekLong, noFailover)) {
            softly(f.name() + " still runs (" + f.failure().orElse("") + ")", () -> f.failure().isEmpty());
            for (TaskHistory h : f.tasks().values()) {
                String who = f.name() + " task " + h;
                int starts = marks.starts(h.id());
                softly(who + ": sent to a master once", () -> h.launches().size() <= 1);
                softly(who + ": started at most once (started " + starts + " times)", () -> starts <= 1);
                if (f.failure().isPresent()) {
                    continue; // removed: its tasks were killed with it, which is reported above
                }
                if (starts == 1) {
                    softly(who + ": never reported in " + NEVER_FOR_A_RUNNING_TASK + " before its end", () -> h
                            .untilEnd().stream().noneMatch(u -> NEVER_FOR_A_RUNNING_TASK.contains(
                                    u.status().getState())));
                }
                boolean shouldEnd = shortTasks.get(f).contains(h.id());
                softly(who + ": its end reported " + (shouldEnd ? "once" : "never"),
                        () -> h.terminalReports() == (shouldEnd ? 1 : 0) || starts == 0);
                if (starts == 0) {
                    softly(who + ": never started, and never reported running", () -> burstTasks.get(f)
                            .contains(h.id()) && !h.heard(TaskState.TASK_RUNNING));
                }
            }
        }
        int redelivered = List.of(weekLong, noFailover).stream().flatMap(f -> f.tasks().values().stream())
                .mapToInt(TaskHistory::redeliveries).sum();
        long neverStarted = burstTasks.values().stream().flatMap(List::stream).filter(t -> marks.starts(t) == 0)
                .count();
        figures.add("updates delivered again with a uuid seen before (at-least-once resends): " + redelivered
                + "; burst tasks a killed master swallowed: " + neverStarted);
        checkNoViolations();
    }

    // ---- launching

    private void launchLong(int perFramework, String tag) {
        for (TrackingFramework f : List.of(weekLong, noFailover)) {
            List<TaskSpec> specs = specs(f, perFramework, tag, LONG_TASK_SECONDS);
            specs.forEach(s -> longTasks.get(f).add(s.id()));
            f.launch(specs);
        }
    }

    private List<String> launchShort(int perFramework, String tag) {
        List<String> ids = new ArrayList<>();
        for (TrackingFramework f : live()) {
            List<TaskSpec> specs = specs(f, perFramework, tag, SHORT_TASK_SECONDS);
            specs.forEach(s -> shortTasks.get(f).add(s.id()));
            specs.forEach(s -> ids.add(s.id()));
            f.launch(specs);
        }
        return ids;
    }

    private List<String> launchBurst(int perFramework, String tag) {
        List<String> ids = new ArrayList<>();
        for (TrackingFramework f : live()) {
            List<TaskSpec> specs = specs(f, perFramework, tag, LONG_TASK_SECONDS);
            specs.forEach(s -> burstTasks.get(f).add(s.id()));
            specs.forEach(s -> ids.add(s.id()));
            f.launch(specs);
        }
        return ids;
    }

    private List<TaskSpec> specs(TrackingFramework f, int n, String tag, int seconds) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> f.name() + "-" + tag + "-" + i)
                .map(id -> new TaskSpec(id, 0.05, 16, marks.sleeping(id, seconds))).toList();
    }

    private boolean accepted(String taskId) {
        return List.of(weekLong, noFailover).stream().filter(f -> f.tasks().containsKey(taskId))
                .anyMatch(f -> f.task(taskId).launches().stream().anyMatch(l -> l.httpStatus() == 202));
    }

    // ---- checks

    /** Starts the masters that do not run (a failed round may have left one down), and waits for all three. */
    private void ensureThreeMastersServing() {
        topology.masters().stream().filter(m -> !m.alive()).forEach(MasterNode::start);
        await("three masters serving").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> topology.masters().stream().allMatch(MasterNode::healthy));
    }

    /** The frameworks no master has removed. */
    private List<TrackingFramework> live() {
        return List.of(weekLong, noFailover).stream().filter(f -> f.failure().isEmpty()).toList();
    }

    /** Whether every framework not removed before is subscribed to {@code leaderId}; a removal is a violation. */
    private boolean awaitResubscribed(List<TrackingFramework> before, String leaderId, String when) {
        try {
            await("every framework re-subscribed to " + leaderId).atMost(SETTLE).pollInterval(Duration.ofMillis(10))
                    .until(() -> before.stream().allMatch(f -> f.subscribedTo(leaderId) || f.failure().isPresent()));
        } catch (ConditionTimeoutException e) {
            violations.add(when + ": not every framework re-subscribed to the new leader within " + SETTLE);
            return false;
        }
        before.stream().filter(f -> f.failure().isPresent()).forEach(f -> violations.add(when + ": " + f.name()
                + " was removed instead of failing over: " + f.failure().get()));
        return before.stream().allMatch(f -> f.failure().isEmpty());
    }

    private void awaitRunning(Map<TrackingFramework, List<String>> tasks, String what) {
        await(what + " running").atMost(SETTLE).until(() -> tasks.entrySet().stream()
                .filter(e -> e.getKey().failure().isEmpty()).allMatch(e -> e.getValue()
                .stream().allMatch(t -> e.getKey().task(t).lastReported().orElse(null) == TaskState.TASK_RUNNING)));
    }

    private void awaitRunningOrFinished(List<String> ids, String what) {
        await(what + " running or finished").atMost(SETTLE).until(() -> ids.stream().allMatch(t -> live()
                .stream().filter(f -> f.tasks().containsKey(t)).allMatch(f -> f.task(t).heard(
                TaskState.TASK_RUNNING) || f.task(t).heard(TaskState.TASK_FINISHED))));
    }

    /** The frameworks kept their ids: a new id would mean the master took them for new frameworks. */
    private void checkFrameworkIdsKept(String when) {
        for (TrackingFramework f : live()) {
            Set<String> ids = f.subscriptions().stream().map(TrackingFramework.Subscribed::frameworkId)
                    .collect(Collectors.toSet());
            softly(when + ": " + f.name() + " kept its framework id (ids: " + ids + ")", () -> ids.size() == 1);
        }
    }

    /**
     * After a failure: the test reconciles every task, and then every long task is running, every short one running
     * or finished, and every burst task either running or, if it never started, not reported running.
     */
    private void checkTasksSettle(String when) {
        for (TrackingFramework f : live()) {
            BooleanSupplier reconciled = reconcilingEvery(f, Duration.ofSeconds(2));
            softly(when + ": " + f.name() + ": every long task running", SETTLE, () -> reconciled.getAsBoolean()
                    && longTasks.get(f).stream().allMatch(t -> f.task(t).state().orElse(null)
                            == TaskState.TASK_RUNNING));
            softly(when + ": " + f.name() + ": every short task running or finished", SETTLE, () -> reconciled
                    .getAsBoolean() && shortTasks.get(f).stream().allMatch(t -> EnumSet.of(TaskState.TASK_RUNNING,
                            TaskState.TASK_FINISHED, TaskState.TASK_STARTING).contains(f.task(t).state().orElse(null))
                            || f.task(t).heard(TaskState.TASK_FINISHED)));
            softly(when + ": " + f.name() + ": every burst task running, or never started and known not to run",
                    SETTLE, () -> reconciled.getAsBoolean() && burstTasks.get(f).stream().allMatch(t -> {
                        TaskState s = f.task(t).state().orElse(null);
                        return marks.starts(t) == 1 ? s == TaskState.TASK_RUNNING
                                : marks.starts(t) == 0 && s != null && s != TaskState.TASK_RUNNING
                                        && s != TaskState.TASK_STAGING && s != TaskState.TASK_STARTING;
                    }));
        }
    }

    /**
     * A condition that is always true and, when evaluated, asks {@code f} to reconcile its tasks that have not ended
     * at most every {@code period}: as a framework retries reconciliation until the answers settle (the answers
     * given too early, while agents are still re-registering, are judged separately, at the end).
     */
    private static BooleanSupplier reconcilingEvery(TrackingFramework f, Duration period) {
        long[] last = {0};
        return () -> {
            long now = System.nanoTime();
            if (last[0] == 0 || now - last[0] >= period.toNanos()) {
                last[0] = now;
                f.reconcile(f.tasks().values().stream().filter(h -> !h.ended()).map(TaskHistory::id).toList());
            }
            return true;
        };
    }

    private void softly(String what, BooleanSupplier condition) {
        if (!condition.getAsBoolean()) {
            violations.add(what);
        }
    }

    private void softly(String what, Duration atMost, BooleanSupplier condition) {
        try {
            await(what).atMost(atMost).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            violations.add(what + " (not within " + atMost.toSeconds() + " s)");
        }
    }

    private void checkNoViolations() {
        List<String> found = List.copyOf(violations);
        violations.clear();
        // the violations first: a CI log that keeps only the start of a long message still says what failed
        assertThat(found).as("violations %s; task histories:%n%s", found, histories()).isEmpty();
    }

    private String histories() {
        StringBuilder b = new StringBuilder();
        for (TrackingFramework f : new TrackingFramework[] {weekLong, noFailover}) {
            if (f == null) {
                continue;
            }
            b.append(f.name()).append(" (").append(f.frameworkId().orElse("no id")).append(") subscriptions ")
                    .append(f.subscriptions()).append("\n  errors: ").append(f.errors()).append('\n');
            f.tasks().values().stream().sorted(java.util.Comparator.comparing(TaskHistory::id)).forEach(h -> b
                    .append("  ").append(h).append(" starts=").append(marks.starts(h.id())).append('\n'));
        }
        return b.toString();
    }

    private String report() {
        return String.join("\n", figures) + "\n" + histories() + (topology == null ? "" : topology.logTail(40));
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
