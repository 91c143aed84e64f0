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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.v1.Protos.TaskState;
import org.agora.testing.topology.AgentNode;
import org.agora.testing.topology.Distributions;
import org.agora.testing.topology.LeadershipPoller;
import org.agora.testing.topology.MasterNode;
import org.agora.testing.topology.MasterState;
import org.agora.testing.topology.NetworkLab;
import org.agora.testing.topology.RunMarks;
import org.agora.testing.topology.TaskHistory;
import org.agora.testing.topology.TaskSpec;
import org.agora.testing.topology.TrackingFramework;
import org.agora.testing.topology.ZooKeeperEnsemble;
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
 * Network partitions, made with network namespaces, veth pairs and a bridge that the test creates (no iptables: a
 * partition takes a link down). Every process has an address of its own on the bridge {@code 10.213.21.0/24}:
 * three ZooKeeper nodes, four masters, two agents (the distributions, started with {@code ip netns exec}). Each
 * master also has a point-to-point link to the test ({@code 10.213.22.0/24}) that no partition touches, so the test
 * can watch a master that is cut off from everything else; a {@link LeadershipPoller} asks all four masters, every
 * 100 ms, whether they lead, for the whole class.
 *
 * <p>The fourth master talks to one ZooKeeper node only, over a private link; it starts first, so it leads at the
 * start. Cases, in order: (4) that ZooKeeper node is cut from the other two: the master that only reaches it must
 * give up leadership, and another must lead, never both at once; (3) the leader is cut from ZooKeeper (and
 * everything else but the test's link): it steps down before or when another master leads, and its scheduler API
 * stops taking writes; (1) an agent is cut off: after the unreachable timeout a PARTITION_AWARE framework is told
 * TASK_UNREACHABLE and a framework without it TASK_LOST; when the agent is back, the partition-aware framework ends
 * up knowing that its task runs; (2) an agent away longer than {@code registry.max.agent.age.ms} is told to shut its
 * tasks down when it returns.
 *
 * <p>Needs root, iproute2 and bridge support; skipped otherwise. Everything the test creates is deleted in
 * {@code @AfterAll}, also after a failure; leftovers of a killed run (prefix {@code agpt}) are removed at the start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PartitionIT {
    private static final Duration SESSION = Duration.ofSeconds(4);
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration UNREACHABLE = Duration.ofSeconds(6);
    private static final Duration MAX_AGENT_AGE = Duration.ofSeconds(15);
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final int MASTER_PORT = 5050;
    private static final int AGENT_PORT = 5051;

    private NetworkLab lab;
    private ZooKeeperEnsemble zk;
    private final List<NetworkLab.Namespace> zkSpaces = new ArrayList<>();
    private final Map<MasterNode, NetworkLab.Namespace> masterSpaces = new LinkedHashMap<>();
    /** Each master's URL on its own link to the test, which no partition cuts. */
    private final Map<MasterNode, String> observed = new LinkedHashMap<>();
    private final Map<AgentNode, NetworkLab.Namespace> agentSpaces = new LinkedHashMap<>();
    private MasterNode m4;
    private AgentNode a1;
    private AgentNode a2;
    private LeadershipPoller poller;
    private TrackingFramework aware;
    private TrackingFramework plain;
    private RunMarks marks;
    private Path dir;
    private boolean keep;
    private final List<String> figures = new ArrayList<>();
    /** A test JVM killed by a timeout must not leave processes and namespaces behind. */
    private final Thread cleanupAtExit = new Thread(this::removeEverything, "partition-it-cleanup");
    private boolean removed;

    @RegisterExtension
    final TopologyDiagnostics diagnostics = new TopologyDiagnostics(this::report, () -> keep = true);

    @BeforeAll
    void startPartitionableCluster() {
        Assumptions.assumeTrue(Distributions.missing().isEmpty(), () -> "PartitionIT skipped: "
                + Distributions.missing().orElse(""));
        Assumptions.assumeTrue(NetworkLab.unavailable().isEmpty(), () -> "PartitionIT skipped: "
                + NetworkLab.unavailable().orElse(""));
        dir = Path.of("target", "topology", "PartitionIT-" + System.currentTimeMillis()).toAbsolutePath();
        marks = new RunMarks(dir.resolve("marks"));
        long t0 = System.nanoTime();
        List<NetworkLab.Namespace> ms = new ArrayList<>();
        NetworkLab.Namespace as1;
        NetworkLab.Namespace as2;
        NetworkLab.Link m4ToZ3;
        List<NetworkLab.Link> observerLinks = new ArrayList<>();
        try {
            lab = NetworkLab.create("agpt", 21);
            for (int i = 1; i <= 3; i++) {
                zkSpaces.add(lab.namespace("z" + i));
            }
            for (int i = 1; i <= 4; i++) {
                ms.add(lab.namespace("m" + i));
            }
            as1 = lab.namespace("a1");
            as2 = lab.namespace("a2");
            // the fourth master's only way to ZooKeeper: a private link to the third node
            m4ToZ3 = lab.link(zkSpaces.get(2), ms.get(3));
            for (NetworkLab.Namespace m : ms) {
                observerLinks.add(lab.link(m, null));
            }
        } catch (IllegalStateException e) {
            if (lab != null) {
                lab.close();
                lab = null;
            }
            Assumptions.abort("PartitionIT skipped: cannot create the bridge, namespaces and links: "
                    + e.getMessage());
            return;
        }
        Runtime.getRuntime().addShutdownHook(cleanupAtExit);
        zk = ZooKeeperEnsemble.builder(dir).size(3).host(i -> zkSpaces.get(i - 1).ip()).clientBind(i -> "0.0.0.0")
                .prefix(i -> zkSpaces.get(i - 1).exec()).standardPorts().start();
        String url = zk.url("/agora");
        Map<String, Object> masterKeys = new LinkedHashMap<>();
        masterKeys.put("zk.session.timeout.ms", SESSION.toMillis());
        masterKeys.put("agent.heartbeat.interval.ms", HEARTBEAT.toMillis());
        masterKeys.put("agent.unreachable.timeout.ms", UNREACHABLE.toMillis());
        // Mesos's --registry_max_agent_age; the master option may not exist yet (unknown keys are ignored)
        masterKeys.put("registry.max.agent.age.ms", MAX_AGENT_AGE.toMillis());
        Path masterDist = Distributions.master().orElseThrow();
        for (int i = 1; i <= 4; i++) {
            NetworkLab.Namespace ns = ms.get(i - 1);
            String zkUrl = i == 4 ? "zk://" + m4ToZ3.aIp() + ":2181/agora" : url;
            MasterNode m = new MasterNode("m" + i, masterDist, dir.resolve("m" + i), "0.0.0.0", ns.ip(), MASTER_PORT,
                    zkUrl, masterKeys, ns.exec());
            masterSpaces.put(m, ns);
            observed.put(m, "http://" + observerLinks.get(i - 1).aIp() + ":" + MASTER_PORT);
        }
        m4 = List.copyOf(masterSpaces.keySet()).get(3);
        Map<String, Object> agentKeys = Map.of("zk.session.timeout.ms", SESSION.toMillis(),
                "registration.backoff.max.ms", 1000, "resources", "cpus:4;mem:4096;disk:4096;ports:[31000-31100]");
        Path agentDist = Distributions.agent().orElseThrow();
        a1 = new AgentNode("a1", agentDist, dir.resolve("a1"), as1.ip(), AGENT_PORT, url, agentKeys,
                Optional.empty(), as1.exec());
        a2 = new AgentNode("a2", agentDist, dir.resolve("a2"), as2.ip(), AGENT_PORT, url, agentKeys,
                Optional.empty(), as2.exec());
        agentSpaces.put(a1, as1);
        agentSpaces.put(a2, as2);
        Map<String, String> urls = new LinkedHashMap<>();
        observed.forEach((m, u) -> urls.put(m.name(), u));
        poller = new LeadershipPoller(urls, Duration.ofMillis(100));

        m4.start();
        await("m4 to lead").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> poller.leadingNow().equals(List.of("m4")));
        masterSpaces.keySet().stream().filter(m -> m != m4).forEach(MasterNode::start);
        a1.start();
        a2.start();
        await("every master serving").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> observed.values().stream().allMatch(u -> MasterNode.state(u).isPresent()));
        await("both agents active on m4").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> agentsActiveOn(m4, a1, a2));
        aware = TrackingFramework.builder(url).name("aware").failoverTimeout(Duration.ofDays(7)).partitionAware(true)
                .checkpoint(true).sessionTimeout(SESSION).start();
        plain = TrackingFramework.builder(url).name("plain").failoverTimeout(Duration.ofDays(7)).checkpoint(true)
                .sessionTimeout(SESSION).start();
        await("both frameworks subscribed").atMost(SETTLE).until(() -> aware.frameworkId().isPresent()
                && plain.frameworkId().isPresent());
        figures.add("cluster in namespaces up (3 ZooKeeper, 4 masters, 2 agents, 2 frameworks): " + millis(t0)
                + " ms");
    }

    @AfterAll
    void removeEverythingAfterTheTests() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down, or never registered
        }
        removeEverything();
        figures.forEach(System.out::println);
    }

    private synchronized void removeEverything() {
        if (removed) {
            return;
        }
        removed = true;
        List<AutoCloseable> all = new ArrayList<>();
        all.add(aware);
        all.add(plain);
        all.add(poller);
        all.add(a1);
        all.add(a2);
        all.addAll(masterSpaces.keySet());
        all.add(zk);
        for (AutoCloseable c : all) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.out.println("cleanup: " + e);
            }
        }
        if (lab != null) {
            lab.close();
        }
        if (dir != null && !keep) {
            deleteQuietly(dir);
        }
    }

    @Test
    @Order(1)
    void aMasterThatOnlyReachesAMinorityZooKeeperNodeGivesUpLeadership() {
        assertThat(poller.leadingNow()).as("m4 leads at the start").containsExactly("m4");
        NetworkLab.Namespace z3 = zkSpaces.get(2);
        long t0 = System.nanoTime();
        z3.cut();
        try {
            String next = await("another master to lead").atMost(SESSION.plus(SETTLE))
                    .pollInterval(Duration.ofMillis(50)).until(poller::leadingNow, l -> l.size() == 1
                            && !l.get(0).equals("m4")).get(0);
            long elected = millis(t0);
            await("m4 to stop claiming and stop taking writes").atMost(SETTLE).pollInterval(Duration.ofMillis(50))
                    .until(() -> poller.latest("m4").map(s -> s.answered() && !s.claims() && !s.acceptsWrites())
                            .orElse(false));
            long stepped = millis(t0);
            figures.add("case 4, ZooKeeper node 3 cut from the other two: " + next + " leads after " + elected
                    + " ms; m4 (which only reaches node 3) stopped leading after " + stepped + " ms");
            MasterNode leader = master(next);
            await("both agents active on " + next).atMost(SETTLE).until(() -> agentsActiveOn(leader, a1, a2));
            // m4 must not lead again while its only ZooKeeper node is in the minority
            long partitionedFrom = System.nanoTime();
            await("the frameworks to follow " + next).atMost(SETTLE).until(() -> subscribedTo(leader));
            assertThat(poller.samples("m4").stream().filter(s -> s.sent() > partitionedFrom)
                    .filter(LeadershipPoller.Sample::leads)).as("m4 leading again while node 3 is in the minority")
                    .isEmpty();
        } finally {
            z3.heal();
        }
        zk.awaitQuorum(SETTLE);
        assertThat(poller.overlaps()).as("moments two masters led at once").isEmpty();
    }

    @Test
    @Order(2)
    void aLeaderCutOffFromZooKeeperStepsDownAndNeverLeadsAlongsideAnother() {
        String leaderName = await("one leader").atMost(SETTLE).until(poller::leadingNow, l -> l.size() == 1).get(0);
        MasterNode leader = master(leaderName);
        NetworkLab.Namespace space = masterSpaces.get(leader);
        long t0 = System.nanoTime();
        space.cut();
        try {
            String next = await("another master to lead").atMost(SESSION.plus(SETTLE))
                    .pollInterval(Duration.ofMillis(50)).until(poller::leadingNow, l -> l.contains(leaderName)
                            ? false : l.size() == 1).get(0);
            long elected = millis(t0);
            await(leaderName + "'s state to stop saying it leads").atMost(SETTLE).pollInterval(Duration.ofMillis(50))
                    .until(() -> poller.latest(leaderName).map(s -> s.answered() && !s.claims()).orElse(false));
            long stateStepped = millis(t0);
            await(leaderName + "'s scheduler API to redirect or answer 503").atMost(SETTLE)
                    .pollInterval(Duration.ofMillis(50)).until(() -> poller.latest(leaderName)
                            .map(s -> s.probeStatus() == 307 || s.probeStatus() == 503).orElse(false));
            figures.add("case 3, leader " + leaderName + " cut from ZooKeeper (its test link up): " + next
                    + " leads after " + elected + " ms; " + leaderName + "'s state stopped claiming after "
                    + stateStepped + " ms, its scheduler API redirects after " + millis(t0) + " ms");
            MasterNode nextLeader = master(next);
            await("both agents active on " + next).atMost(SETTLE).until(() -> agentsActiveOn(nextLeader, a1, a2));
            await("the frameworks to follow " + next).atMost(SETTLE).until(() -> subscribedTo(nextLeader));
        } finally {
            space.heal();
        }
        assertThat(poller.overlaps()).as("moments two masters led at once (state claimed and writes taken)")
                .isEmpty();
        await(leaderName + " back as a follower").atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                .until(() -> poller.latest(leaderName).map(s -> s.probeStatus() == 307).orElse(false));
        // stricter than the writes: a tool that finds the leader by /master/state must never see two
        assertThat(poller.claimOverlaps().stream().map(o -> o.first() + " claimed in /master/state while "
                + o.second() + " did too, " + (o.inside().sent() - o.from().received()) / 1_000_000
                + " ms into a stretch of " + (o.to().sent() - o.from().received()) / 1_000_000 + " ms").distinct()
                .limit(5)).as("moments two masters' /master/state both claimed leadership").isEmpty();
    }

    @Test
    @Order(3)
    void anAgentCutOffBecomesUnreachableAndItsTaskIsKnownRunningWhenItReturns() {
        MasterNode leader = currentLeader();
        String agentId = a1.id().orElseThrow();
        TaskSpec awareTask = spec("aware-on-a1").on(agentId);
        TaskSpec plainTask = spec("plain-on-a1").on(agentId);
        aware.launch(List.of(awareTask));
        plain.launch(List.of(plainTask));
        await("both tasks running on a1").atMost(SETTLE).until(() -> reported(aware, awareTask.id())
                == TaskState.TASK_RUNNING && reported(plain, plainTask.id()) == TaskState.TASK_RUNNING);
        NetworkLab.Namespace space = agentSpaces.get(a1);
        long t0 = System.nanoTime();
        space.cut();
        long unreachableAfter;
        try {
            await("the partition-aware framework told TASK_UNREACHABLE").atMost(UNREACHABLE.plus(SETTLE))
                    .pollInterval(Duration.ofMillis(50)).until(() -> aware.task(awareTask.id())
                            .heard(TaskState.TASK_UNREACHABLE));
            unreachableAfter = millis(t0);
            await("the other framework told TASK_LOST").atMost(SETTLE).pollInterval(Duration.ofMillis(50))
                    .until(() -> plain.task(plainTask.id()).heard(TaskState.TASK_LOST));
            figures.add("case 1, agent a1 cut off: TASK_UNREACHABLE to the partition-aware framework after "
                    + unreachableAfter + " ms (unreachable timeout " + UNREACHABLE.toMillis() + " ms), TASK_LOST to "
                    + "the other after " + millis(t0) + " ms");
            assertThat(unreachableAfter).as("ms from the cut to TASK_UNREACHABLE: not before the agent has been "
                    + "silent for the unreachable timeout (less one heartbeat it may have sent just before)")
                    .isGreaterThanOrEqualTo(UNREACHABLE.minus(HEARTBEAT).toMillis());
            assertThat(plain.task(plainTask.id()).heard(TaskState.TASK_UNREACHABLE))
                    .as("a framework without PARTITION_AWARE never sees TASK_UNREACHABLE").isFalse();
            assertThat(leader.state().orElseThrow().unreachable()).as("agents the leader counts unreachable")
                    .isGreaterThanOrEqualTo(1);
        } finally {
            space.heal();
        }
        long healed = System.nanoTime();
        await("a1 active on " + leader + " again").atMost(SETTLE).pollInterval(Duration.ofMillis(50))
                .until(() -> agentsActiveOn(leader, a1));
        boolean toldByMaster = runningAfterUnreachable(aware.task(awareTask.id()));
        aware.reconcile(List.of(awareTask.id()));
        plain.reconcile(List.of(plainTask.id()));
        await("the partition-aware framework to know its task runs").atMost(SETTLE)
                .until(() -> aware.task(awareTask.id()).state().orElse(null) == TaskState.TASK_RUNNING);
        await("the other framework's reconciliation answered").atMost(SETTLE).until(() -> plain.task(plainTask.id())
                .updates().stream().filter(TaskHistory.Update::reconciliation).anyMatch(u -> u.nanos() > healed));
        figures.add("case 1, a1 back after " + millis(healed) + " ms: the partition-aware framework learned that "
                + awareTask.id() + " runs " + (toldByMaster ? "from an update the master sent on re-registration"
                : "only through reconciliation") + "; the other framework's reconciliation says "
                + plain.task(plainTask.id()).state().orElseThrow() + " (history " + plain.task(plainTask.id())
                .states() + ")");
        assertThat(marks.pids(awareTask.id())).as("the partition-aware task's process").allMatch(pid ->
                ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        // Mesos 1.x: tasks of a framework that is not PARTITION_AWARE are killed when their agent re-registers
        // after being marked unreachable (the framework was told TASK_LOST; they must not run on behind its back)
        long plainPid = marks.pids(plainTask.id()).get(0);
        await("the non-partition-aware task's process (pid " + plainPid + ") killed after a1 re-registered")
                .atMost(SETTLE).pollInterval(Duration.ofMillis(100)).until(() -> ProcessHandle.of(plainPid)
                        .map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    @Order(4)
    void anAgentAwayLongerThanTheMaxAgentAgeIsToldToShutItsTasksDown() {
        MasterNode leader = currentLeader();
        String agentId = a2.id().orElseThrow();
        TaskSpec task = spec("aware-on-a2").on(agentId);
        aware.launch(List.of(task));
        await("the task running on a2").atMost(SETTLE).until(() -> reported(aware, task.id())
                == TaskState.TASK_RUNNING);
        long pid = marks.pids(task.id()).get(0);
        NetworkLab.Namespace space = agentSpaces.get(a2);
        List<String> failed = new ArrayList<>();
        long t0 = System.nanoTime();
        space.cut();
        try {
            await("TASK_UNREACHABLE").atMost(UNREACHABLE.plus(SETTLE)).pollInterval(Duration.ofMillis(50))
                    .until(() -> aware.task(task.id()).heard(TaskState.TASK_UNREACHABLE));
            long unreachable = millis(t0);
            // the agent must be away longer than the max age: until the leader has forgotten it
            boolean forgotten = holds(MAX_AGENT_AGE.plus(SETTLE), () -> leader.state().map(st -> st.unreachable() == 0
                    && st.agents().stream().noneMatch(a -> a.id().equals(agentId))).orElse(false));
            if (!forgotten) {
                failed.add("the leader still remembers a2 (listed or counted unreachable) " + millis(t0) + " ms after "
                        + "the cut, with registry.max.agent.age.ms = " + MAX_AGENT_AGE.toMillis() + ": "
                        + leader.state().map(st -> "unreachable_slaves=" + st.unreachable() + ", slaves="
                                + st.agents()).orElse("no state"));
            }
            figures.add("case 2, a2 cut off: unreachable after " + unreachable + " ms, " + (forgotten
                    ? "forgotten by the leader after " + millis(t0) + " ms" : "NOT forgotten by the leader"));
        } finally {
            space.heal();
        }
        long healed = System.nanoTime();
        boolean ended = holds(SETTLE, () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        if (!ended) {
            failed.add("the task's process (pid " + pid + ") still runs " + millis(healed) + " ms after a2 came back");
        }
        figures.add("case 2, a2 back: its task's process " + (ended ? "ended" : "still runs") + " after "
                + millis(healed) + " ms; a2 now says " + a2.state().map(s -> s.get("registration") + " as "
                + s.get("id")).orElse("nothing"));
        aware.reconcile(List.of(task.id()));
        await("a reconciliation answer for " + task.id()).atMost(SETTLE).until(() -> aware.task(task.id())
                .updates().stream().anyMatch(u -> u.reconciliation() && u.nanos() > healed));
        if (aware.task(task.id()).state().orElse(null) == TaskState.TASK_RUNNING) {
            failed.add("reconciliation says " + task.id() + " runs on the forgotten agent");
        }
        List<String> masterView = leader.state().orElseThrow().frameworks().stream().flatMap(f -> f.tasks()
                .stream()).filter(t -> t.id().equals(task.id())).map(MasterState.Task::state).toList();
        if (masterView.contains("TASK_RUNNING")) {
            failed.add("the leader lists " + task.id() + " as running again: " + masterView);
        }
        assertThat(failed).as("an agent away longer than registry.max.agent.age.ms; task history "
                + aware.task(task.id()).states()).isEmpty();
    }

    /** Whether {@code condition} comes true within {@code atMost}. */
    private static boolean holds(Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(condition);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    // ---- helpers

    private TaskSpec spec(String id) {
        return new TaskSpec(id, 0.1, 32, marks.sleeping(id, 3600));
    }

    private static TaskState reported(TrackingFramework f, String task) {
        return f.tasks().containsKey(task) ? f.task(task).lastReported().orElse(null) : null;
    }

    /** Whether, after TASK_UNREACHABLE, an update that is not a reconciliation answer said TASK_RUNNING. */
    private static boolean runningAfterUnreachable(TaskHistory h) {
        boolean unreachable = false;
        for (TaskHistory.Update u : h.updates()) {
            if (u.status().getState() == TaskState.TASK_UNREACHABLE) {
                unreachable = true;
            } else if (unreachable && !u.reconciliation() && u.status().getState() == TaskState.TASK_RUNNING) {
                return true;
            }
        }
        return false;
    }

    private MasterNode master(String name) {
        return masterSpaces.keySet().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private MasterNode currentLeader() {
        return master(await("one leader").atMost(SETTLE).until(poller::leadingNow, l -> l.size() == 1).get(0));
    }

    private static boolean agentsActiveOn(MasterNode m, AgentNode... agents) {
        Optional<MasterState> st = m.state();
        if (st.isEmpty()) {
            return false;
        }
        for (AgentNode a : agents) {
            Optional<String> id = a.id();
            if (id.isEmpty() || !st.get().hasActiveAgent(id.get())) {
                return false;
            }
        }
        return true;
    }

    private boolean subscribedTo(MasterNode m) {
        String id = m.state().map(MasterState::id).orElse("?");
        return aware.subscribedTo(id) && plain.subscribedTo(id);
    }

    private String report() {
        StringBuilder b = new StringBuilder(String.join("\n", figures)).append('\n');
        if (poller != null) {
            b.append(poller.summary()).append("overlaps: ").append(poller.overlaps()).append('\n');
        }
        for (TrackingFramework f : new TrackingFramework[] {aware, plain}) {
            if (f != null) {
                b.append(f.name()).append(' ').append(f.subscriptions()).append("\n  errors ").append(f.errors())
                        .append('\n');
                f.tasks().values().forEach(h -> b.append("  ").append(h).append('\n'));
            }
        }
        masterSpaces.keySet().forEach(m -> b.append(m.logTail(40)));
        for (AgentNode a : new AgentNode[] {a1, a2}) {
            if (a != null) {
                b.append(a.logTail(40));
            }
        }
        if (zk != null) {
            b.append(zk.logTail(30));
        }
        return b.toString();
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = java.nio.file.Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            System.out.println("cannot delete " + dir + ": " + e);
        }
    }
}
