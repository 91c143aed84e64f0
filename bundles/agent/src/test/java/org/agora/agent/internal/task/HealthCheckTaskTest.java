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
package org.agora.agent.internal.task;

import static org.agora.agent.internal.task.TaskHarness.framework;
import static org.agora.agent.internal.task.TaskHarness.shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.RunTaskGroup;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.HealthCheck;
import org.agora.api.v1.Protos.TaskGroupInfo;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health checks of real tasks: a Python HTTP server checked over HTTP and TCP, shell commands checked by COMMAND;
 * healthy updates, kills after consecutive failures, the grace period, task groups.
 */
class HealthCheckTaskTest {
    private static final Duration AWAIT = Duration.ofSeconds(30);

    @TempDir
    Path workDir;

    TaskHarness agent;

    @BeforeEach
    void start() {
        agent = new TaskHarness(workDir, true);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Checks every 0.2 s from the start, with a grace period long enough for Python to start listening. */
    private static HealthCheck.Builder check(HealthCheck.Type type) {
        return HealthCheck.newBuilder().setType(type).setDelaySeconds(0).setIntervalSeconds(0.2)
                .setTimeoutSeconds(5).setGracePeriodSeconds(20).setConsecutiveFailures(3);
    }

    private static TaskInfo httpServer(String taskId, int port, HealthCheck.Builder check) {
        return shell(taskId, "exec python3 -m http.server " + port + " --bind 127.0.0.1").toBuilder()
                .setHealthCheck(check).build();
    }

    private List<TaskStatus> healthUpdates(String taskId) {
        return agent.sentFor(taskId).stream().filter(s -> s.getReason()
                == TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED).distinct().toList();
    }

    private TaskStatus awaitHealth(String taskId, boolean healthy) {
        await().atMost(AWAIT).until(() -> healthUpdates(taskId).stream().anyMatch(s -> s.getHealthy() == healthy));
        return healthUpdates(taskId).stream().filter(s -> s.getHealthy() == healthy).findFirst().orElseThrow();
    }

    @Test
    void anHttpServerThatAnswersIsReportedHealthyOnce() throws Exception {
        int port = freePort();
        agent.run(httpServer("web", port, check(HealthCheck.Type.HTTP).setHttp(HealthCheck.HTTPCheckInfo
                .newBuilder().setPort(port).setPath("/"))));
        TaskStatus healthy = awaitHealth("web", true);
        assertThat(healthy.getState()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(healthy.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
        assertThat(healthy.hasHealthy()).isTrue();
        // later successes are not reported again: wait for a few more checks to have been served
        Path log = agent.sandbox("web").resolve("stderr");
        await().atMost(AWAIT).until(() -> Files.readString(log).split("\"GET / HTTP/1.1\" 200").length > 5);
        assertThat(healthUpdates("web")).hasSize(1);
        assertThat(agent.statesOf("web")).doesNotContain(TaskState.TASK_KILLED);
    }

    @Test
    void aTcpCheckSeesTheListeningPort() throws Exception {
        int port = freePort();
        agent.run(httpServer("tcp", port, check(HealthCheck.Type.TCP).setTcp(HealthCheck.TCPCheckInfo.newBuilder()
                .setPort(port))));
        assertThat(awaitHealth("tcp", true).getState()).isEqualTo(TaskState.TASK_RUNNING);
    }

    @Test
    void anHttpCheckAnswered404KillsTheTaskAfterItsConsecutiveFailures() throws Exception {
        // a server that is up before the checks start (so every failure is the 404), answering 404 to everything
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            agent.run(shell("lost", "exec sleep 600").toBuilder().setHealthCheck(check(HealthCheck.Type.HTTP)
                    .setGracePeriodSeconds(0).setHttp(HealthCheck.HTTPCheckInfo.newBuilder()
                            .setPort(server.getAddress().getPort()).setPath("/no-such-page"))).build());
            awaitKilledAfter404();
        } finally {
            server.stop(0);
        }
    }

    private void awaitKilledAfter404() {
        TaskStatus end = agent.awaitTerminal("lost");
        assertThat(end.getState()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(end.hasHealthy()).isTrue();
        assertThat(end.getHealthy()).isFalse();
        assertThat(end.getMessage()).contains("3 consecutive failed health check(s)").contains("404");
        // every failure counted is reported, the third asks for the kill; none comes after the kill
        List<TaskStatus> unhealthy = healthUpdates("lost");
        assertThat(unhealthy).hasSize(3).allSatisfy(s -> {
            assertThat(s.getState()).isEqualTo(TaskState.TASK_RUNNING);
            assertThat(s.getHealthy()).isFalse();
            assertThat(s.getMessage()).contains("Unexpected HTTP response code: 404");
        });
        assertThat(unhealthy).extracting(s -> s.getMessage().substring(0, "Health check failed N".length()))
                .containsExactly("Health check failed 1", "Health check failed 2", "Health check failed 3");
    }

    @Test
    void aCommandCheckRunsInTheTasksSandboxWithItsEnvironment() {
        TaskInfo task = shell("cmd", "touch ready; exec sleep 600").toBuilder()
                .setCommand(CommandInfo.newBuilder().setValue("touch ready; exec sleep 600").setEnvironment(
                        org.agora.api.v1.Protos.Environment.newBuilder().addVariables(
                                org.agora.api.v1.Protos.Environment.Variable.newBuilder().setName("COLOUR")
                                        .setValue("blue"))))
                .setHealthCheck(check(HealthCheck.Type.COMMAND).setCommand(CommandInfo.newBuilder()
                        .setValue("test -e ready && test \"$COLOUR\" = blue && test \"$MESOS_TASK_ID\" = cmd")))
                .build();
        agent.run(task);
        assertThat(awaitHealth("cmd", true).getState()).isEqualTo(TaskState.TASK_RUNNING);
    }

    @Test
    void failuresInTheGracePeriodDoNotCountUntilTheFirstSuccess() throws Exception {
        // the check fails twice, then passes once, then fails for ever; the grace period (60 s) outlasts the test
        String counter = "n=$(wc -l < checks 2>/dev/null || echo 0); echo x >> checks; [ \"$n\" -eq 2 ]";
        agent.run(shell("graced", "exec sleep 600").toBuilder().setHealthCheck(check(HealthCheck.Type.COMMAND)
                .setGracePeriodSeconds(60).setConsecutiveFailures(2)
                .setCommand(CommandInfo.newBuilder().setValue(counter))).build());
        TaskStatus end = agent.awaitTerminal("graced");
        assertThat(end.getState()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(end.getHealthy()).isFalse();
        // the two failures before the success were ignored: healthy first, then two unhealthy, then the kill
        assertThat(healthUpdates("graced")).extracting(TaskStatus::getHealthy).containsExactly(true, false, false);
        assertThat(Files.readAllLines(agent.sandbox("graced").resolve("checks"))).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void aFailingCheckInTheGracePeriodNeitherReportsNorKills() throws Exception {
        agent.run(shell("patient", "exec sleep 600").toBuilder().setHealthCheck(check(HealthCheck.Type.COMMAND)
                .setGracePeriodSeconds(600).setConsecutiveFailures(1)
                .setCommand(CommandInfo.newBuilder().setValue("echo x >> checks; false"))).build());
        agent.awaitState("patient", TaskState.TASK_RUNNING);
        Path checks = agent.sandbox("patient").resolve("checks");
        await().atMost(AWAIT).until(() -> Files.exists(checks) && Files.readAllLines(checks).size() >= 5);
        assertThat(healthUpdates("patient")).isEmpty();
        assertThat(agent.statesOf("patient")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
    }

    @Test
    void aTaskWhoseCheckRecoversIsReportedHealthyAgain() throws Exception {
        // fails on the 2nd and 3rd checks only: healthy, unhealthy twice, healthy again; never killed (3 needed)
        String flaky = "n=$(wc -l < checks 2>/dev/null || echo 0); echo x >> checks; "
                + "[ \"$n\" -ne 1 ] && [ \"$n\" -ne 2 ]";
        agent.run(shell("flaky", "exec sleep 600").toBuilder().setHealthCheck(check(HealthCheck.Type.COMMAND)
                .setGracePeriodSeconds(0).setCommand(CommandInfo.newBuilder().setValue(flaky))).build());
        await().atMost(AWAIT).until(() -> healthUpdates("flaky").size() >= 4);
        assertThat(healthUpdates("flaky")).extracting(TaskStatus::getHealthy).containsExactly(true, false, false,
                true);
        assertThat(agent.statesOf("flaky")).doesNotContain(TaskState.TASK_KILLED);
    }

    @Test
    void aFailedCheckOfADefaultExecutorsTaskKillsItsGroup() {
        ExecutorInfo executor = ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                .setExecutorId(ExecutorID.newBuilder().setValue("pod")).setFrameworkId(TaskHarness.FRAMEWORK)
                .addAllResources(Resources.parse("cpus:0.1;mem:32;disk:10").toList()).build();
        TaskGroupInfo group = TaskGroupInfo.newBuilder()
                .addTasks(shell("sick", "exec sleep 600").toBuilder().setHealthCheck(check(HealthCheck.Type.COMMAND)
                        .setGracePeriodSeconds(0).setConsecutiveFailures(1)
                        .setCommand(CommandInfo.newBuilder().setValue("false"))))
                .addTasks(shell("sidecar", "exec sleep 600")).build();
        agent.on(() -> agent.tasks.received(Envelope.newBuilder().setRunTaskGroup(RunTaskGroup.newBuilder()
                .setFramework(framework()).setExecutor(executor).setTaskGroup(group)).build()));
        TaskStatus sick = agent.awaitTerminal("sick");
        TaskStatus sidecar = agent.awaitTerminal("sidecar");
        assertThat(sick.getState()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(sick.getHealthy()).isFalse();
        assertThat(sidecar.getState()).isEqualTo(TaskState.TASK_KILLED);
        // as Mesos's default executor: every task ending after the failed check says so
        assertThat(sidecar.getHealthy()).isFalse();
        assertThat(healthUpdates("sick")).extracting(TaskStatus::getHealthy).containsExactly(false);
    }

    @Test
    void aCheckpointedTaskIsCheckedAgainByTheAgentThatAdoptsItAndKilledWhenItFails() throws Exception {
        // healthy while the file "sick" does not exist
        agent.run(TaskHarness.checkpointing(), shell("kept", "exec sleep 600").toBuilder().setHealthCheck(
                check(HealthCheck.Type.COMMAND).setGracePeriodSeconds(0).setConsecutiveFailures(2)
                        .setCommand(CommandInfo.newBuilder().setValue("test ! -e sick"))).build());
        awaitHealth("kept", true);
        Path sandbox = agent.sandbox("kept");
        await().atMost(AWAIT).until(agent::allAcknowledged);
        agent.stopLeavingTasks();

        TaskHarness next = new TaskHarness(workDir, true);
        try {
            assertThat(next.recover().adopted()).isEqualTo(1);
            next.registered();
            // the new agent checks afresh: its first success is reported again
            await().atMost(AWAIT).until(() -> next.sentFor("kept").stream().anyMatch(s -> s.getReason()
                    == TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED && s.getHealthy()));
            Files.writeString(sandbox.resolve("sick"), "");
            TaskStatus end = next.awaitTerminal("kept");
            assertThat(end.getState()).isEqualTo(TaskState.TASK_KILLED);
            assertThat(end.getHealthy()).isFalse();
        } finally {
            next.close();
        }
    }

    @Test
    void aHealthCheckWithoutItsTypesFieldsIsATaskError() {
        agent.run(shell("bad", "exec sleep 600").toBuilder().setHealthCheck(HealthCheck.newBuilder()
                .setType(HealthCheck.Type.COMMAND)).build());
        TaskStatus error = agent.awaitTerminal("bad");
        assertThat(error.getState()).isEqualTo(TaskState.TASK_ERROR);
        assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
        assertThat(error.getMessage())
                .isEqualTo("Task uses invalid health check: Expecting 'command' to be set for COMMAND health check");
    }

    @Test
    void aTaskWithoutAHealthCheckGetsNoHealthUpdates() {
        agent.run(shell("plain", "exec sleep 600"));
        agent.awaitState("plain", TaskState.TASK_RUNNING);
        agent.kill("plain", Duration.ZERO);
        TaskStatus end = agent.awaitTerminal("plain");
        assertThat(end.hasHealthy()).isFalse();
        assertThat(healthUpdates("plain")).isEmpty();
    }
}
