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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agora.master.internal.MasterComponent;
import org.agora.scheduler.client.execute.Execute;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code agora-execute} (its main entry, in this JVM) through a master failover: two real masters in a real
 * ZooKeeper and a real agent running real processes. The leader goes away while the tasks run; agora-execute
 * re-subscribes to the new leader with its framework id, reconciles, and exits 0 with every task launched once and
 * TASK_FINISHED once.
 */
class ExecuteFailoverIT {
    private static final Pattern LAUNCHING = Pattern.compile("task (\\S+) launching on agent");

    @TempDir
    Path workDir;

    private ZooKeeperCluster cluster;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws Exception {
        cluster = ZooKeeperCluster.start();
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static int port(MasterComponent m) throws Exception {
        return m.snapshot().get(5, TimeUnit.SECONDS).self().getPort();
    }

    /**
     * With a failover timeout (the new leader learns the framework from the agent before it re-subscribes, and keeps
     * it) and, when the old leader stays up, checkpointing (that master sees the agent leave for the new leader).
     */
    @ParameterizedTest(name = "{0}, --failover-timeout {1}, checkpoint {2}")
    @CsvSource({"STOPPED, 60, false", "ZNODE_LOST, 60, true"})
    void agoraExecuteSurvivesALeaderFailoverAndFinishesEveryTaskOnce(LeaderLoss loss, int failoverTimeout,
            boolean checkpoint) throws Exception {
        survives(loss, failoverTimeout, checkpoint);
    }

    /**
     * mesos-execute's defaults (failover timeout 0, no checkpointing): the new leader knows the framework only from
     * the agent's report and keeps it until it re-subscribes, instead of removing it at once.
     */
    @ParameterizedTest(name = "{0}, mesos-execute defaults")
    @EnumSource(LeaderLoss.class)
    void withMesosExecuteDefaults(LeaderLoss loss) throws Exception {
        survives(loss, 0, false);
    }

    private void survives(LeaderLoss loss, int failoverTimeout, boolean checkpoint) throws Exception {
        MasterComponent first = cluster.offeringMaster();
        InProcessCluster.awaitLeading(first);
        MasterComponent second = cluster.offeringMaster();
        cluster.agent(workDir, "cpus:2;mem:1024;disk:1000;ports:[31000-31010]");
        InProcessCluster.awaitAgents(first, 1);
        int firstPort = port(first);
        int secondPort = port(second);
        String master = "zk://" + cluster.url.connectString() + cluster.url.path();

        List<String> args = new ArrayList<>(List.of("--master", master, "--name", "failover", "--command", "sleep 3",
                "--instances", "3", "--cpus", "0.1", "--mem", "32", "--failover-timeout",
                Integer.toString(failoverTimeout), "--failover-wait", "30"));
        if (checkpoint) {
            args.add("--checkpoint");
        }
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Execute.run(args.toArray(String[]::new),
                out, err, Duration.ofSeconds(5)));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(out(), "TASK_RUNNING") == 3 || run.isDone());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the tasks did not run:\n" + out() + err(), e);
        }
        assertThat(run).as(err()).isNotDone();

        loss.apply(first, cluster);

        int status = run.get(90, TimeUnit.SECONDS);
        String out = out();
        String report = "stdout:\n" + out + "\nstderr:\n" + err();
        System.out.println("[agora-execute " + loss + ", failover timeout " + failoverTimeout + ", checkpoint "
                + checkpoint + "]\n" + report);
        assertThat(status).as(report).isZero();
        List<String> launched = LAUNCHING.matcher(out).results().map(m -> m.group(1)).toList();
        assertThat(launched).as("each task launched once").hasSize(3).doesNotHaveDuplicates();
        for (String task : launched) {
            assertThat(count(out, "task " + task + " TASK_FINISHED")).as(report).isEqualTo(1);
            assertThat(count(out, "task " + task + " TASK_RUNNING")).as(report).isEqualTo(1);
        }
        assertThat(out).as(report).contains("3 tasks: 3 TASK_FINISHED").doesNotContain("TASK_LOST", "TASK_KILLED",
                "TASK_FAILED", "not launched");
        assertThat(count(err(), "agora-execute: lost master 127.0.0.1:" + firstPort)).as(report).isEqualTo(1);
        // the new leader as ZooKeeper names it, or as the old one's 307 did (by host name)
        Matcher resubscribed = Pattern.compile("re-subscribed to master (127\\.0\\.0\\.1|localhost):" + secondPort
                + " as framework (\\S+)").matcher(out);
        assertThat(resubscribed.find()).as(report).isTrue();
        assertThat(out).as(report).contains("framework " + resubscribed.group(2) + " subscribed to master "
                + "127.0.0.1:" + firstPort);
        assertThat(count(out, "re-subscribed to master")).as(report).isEqualTo(1);
    }
}
