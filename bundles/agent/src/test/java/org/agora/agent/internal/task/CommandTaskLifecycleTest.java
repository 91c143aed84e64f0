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

import static org.agora.agent.internal.task.TaskHarness.AGENT;
import static org.agora.agent.internal.task.TaskHarness.FRAMEWORK;
import static org.agora.agent.internal.task.TaskHarness.framework;
import static org.agora.agent.internal.task.TaskHarness.shell;
import static org.agora.agent.internal.task.TaskHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.agora.agent.internal.launcher.UserAccounts;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.DurationInfo;
import org.agora.api.v1.Protos.Environment;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.Image;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTaskLifecycleTest {

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

    @Test
    void echoWritesItsStdoutToTheSandboxAndGoesStartingRunningFinished() throws Exception {
        agent.run(shell("t1", "echo hello from t1; echo oops >&2"));

        TaskStatus finished = agent.awaitState("t1", TaskState.TASK_FINISHED);

        assertThat(agent.statesOf("t1")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
                TaskState.TASK_FINISHED);
        assertThat(finished.getMessage()).isEqualTo("Command exited with status 0");
        assertThat(agent.sentFor("t1")).allSatisfy(s -> {
            assertThat(s.getAgentId()).isEqualTo(AGENT);
            assertThat(s.getExecutorId().getValue()).isEqualTo("t1");
            assertThat(s.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
            assertThat(s.getUuid().size()).isEqualTo(16);
            assertThat(s.getTimestamp()).isGreaterThan(1.6e9);
            assertThat(s.hasReason()).isFalse();
        });
        assertThat(agent.sentFor("t1")).extracting(TaskStatus::getUuid).doesNotHaveDuplicates();
        Path sandbox = agent.sandbox("t1");
        assertThat(workDir.relativize(sandbox).toString()).matches(
                "slaves/m1-S7/frameworks/m1-0001/executors/t1/runs/[0-9a-f-]{36}");
        assertThat(sandbox.resolve("stdout")).hasContent("hello from t1");
        assertThat(sandbox.resolve("stderr")).hasContent("oops");
        assertThat(sandbox.resolveSibling("latest")).isSymbolicLink();
        // acknowledged to the end: forgotten, and shown as a completed framework
        await().until(() -> agent.call(() -> agent.tasks.pendingStatusUpdates()) == 0);
        TasksView view = agent.call(agent.tasks::view);
        assertThat(view.frameworks()).isEmpty();
        assertThat(view.completedFrameworks()).singleElement().satisfies(f -> assertThat(f.completedExecutors())
                .singleElement().satisfies(e -> assertThat(e.completedTasks()).singleElement()
                        .satisfies(t -> assertThat(t.getState()).isEqualTo(TaskState.TASK_FINISHED))));
    }

    @Test
    void aNonZeroExitFailsTheTaskWithTheStatusInTheMessage() {
        agent.run(shell("t2", "exit 3"));

        TaskStatus failed = agent.awaitTerminal("t2");

        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getMessage()).isEqualTo("Command exited with status 3");
        assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
        assertThat(agent.statesOf("t2")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
                TaskState.TASK_FAILED);
    }

    @Test
    void withoutAShellTheExecutableGetsTheArgumentsUnsplit() throws Exception {
        agent.run(task("t3", CommandInfo.newBuilder().setShell(false).setValue("/usr/bin/printf")
                .addArguments("printf").addArguments("%s|%s").addArguments("a  b").addArguments("$HOME;c").build()));

        assertThat(agent.awaitTerminal("t3").getState()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(agent.sandbox("t3").resolve("stdout")).hasContent("a  b|$HOME;c");
    }

    @Test
    void theEnvironmentHoldsTheMesosVariablesTheCommandsOwnAndADefaultPath() throws Exception {
        agent.run(task("t4", CommandInfo.newBuilder().setValue("env").setEnvironment(Environment.newBuilder()
                .addVariables(Environment.Variable.newBuilder().setName("GREETING").setValue("hi there"))).build()));

        assertThat(agent.awaitTerminal("t4").getState()).isEqualTo(TaskState.TASK_FINISHED);
        Path sandbox = agent.sandbox("t4");
        Map<String, String> env = Files.readAllLines(sandbox.resolve("stdout")).stream().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
                        (a, b) -> b));
        assertThat(env).containsEntry("GREETING", "hi there")
                .containsEntry("MESOS_SANDBOX", sandbox.toString())
                .containsEntry("MESOS_DIRECTORY", sandbox.toString())
                .containsEntry("MESOS_FRAMEWORK_ID", FRAMEWORK.getValue())
                .containsEntry("MESOS_EXECUTOR_ID", "t4")
                .containsEntry("MESOS_TASK_ID", "t4")
                .containsEntry("MESOS_AGENT_ID", AGENT.getValue())
                .containsEntry("MESOS_SLAVE_ID", AGENT.getValue())
                .containsEntry("MESOS_AGENT_ENDPOINT", "127.0.0.1:5051")
                .containsEntry("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(env).doesNotContainKey("JAVA_HOME");
    }

    @Test
    void aRunTaskForATaskIdAlreadyKnownIsIgnored() {
        agent.run(shell("t5", "sleep 30"));
        agent.awaitState("t5", TaskState.TASK_RUNNING);

        agent.run(shell("t5", "echo again"));
        agent.kill("t5", Duration.ZERO);

        agent.awaitTerminal("t5");
        assertThat(agent.statesOf("t5")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
                TaskState.TASK_KILLED);
        assertThat(agent.sentFor("t5").stream().filter(s -> s.getState() == TaskState.TASK_STARTING)).hasSize(1);
    }

    @Test
    void aCustomExecutorThatCannotStartFailsItsTaskAndEnds() {
        agent.run(TaskInfo.newBuilder().setName("custom").setTaskId(TaskHarness.id("t6")).setAgentId(AGENT)
                .setExecutor(ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("e6"))
                        .setCommand(CommandInfo.newBuilder().setShell(false).setValue("./no-such-executor"))).build());

        TaskStatus failed = agent.awaitTerminal("t6");

        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
        assertThat(failed.getExecutorId().getValue()).isEqualTo("e6");
        assertThat(failed.getMessage()).contains("Failed to launch container", "no-such-executor");
        assertThat(agent.statesOf("t6")).containsExactly(TaskState.TASK_FAILED);
        await().until(() -> agent.executorsEnded.stream().anyMatch(e -> e.getExecutorId().getValue().equals("e6")));
    }

    @Test
    void aTaskWithNeitherCommandNorExecutorOrABadIdIsAnError() {
        agent.run(TaskInfo.newBuilder().setName("empty").setTaskId(TaskHarness.id("t7")).setAgentId(AGENT).build());
        agent.run(shell("../../escape", "true"));

        TaskStatus empty = agent.awaitTerminal("t7");
        TaskStatus escape = agent.awaitTerminal("../../escape");

        assertThat(empty.getState()).isEqualTo(TaskState.TASK_ERROR);
        assertThat(empty.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
        assertThat(escape.getState()).isEqualTo(TaskState.TASK_ERROR);
        assertThat(escape.getMessage()).contains("Task ID '../../escape'");
        assertThat(workDir.resolve("slaves")).doesNotExist();
    }

    @Test
    void aTaskMeantForAnotherAgentIsIgnored() {
        agent.run(shell("t8", "true").toBuilder().setAgentId(AGENT.toBuilder().setValue("other-S1")).build());
        agent.run(shell("t9", "true"));

        agent.awaitTerminal("t9");
        assertThat(agent.sentFor("t8")).isEmpty();
    }

    @Test
    void aTaskPastItsMaxCompletionTimeFails() {
        agent.run(shell("t10", "sleep 30").toBuilder()
                .setMaxCompletionTime(DurationInfo.newBuilder().setNanoseconds(Duration.ofMillis(200).toNanos()))
                .build());

        TaskStatus failed = agent.awaitTerminal("t10");

        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_MAX_COMPLETION_TIME_REACHED);
        assertThat(failed.getMessage()).startsWith("Command terminated with signal SIG");
    }

    @Test
    void aReregistrationReportsTasksNotYetAcknowledgedWithTheirLatestState() {
        try (TaskHarness slow = new TaskHarness(workDir.resolve("slow"), false)) {
            slow.run(shell("t11", "sleep 30"));
            slow.awaitState("t11", TaskState.TASK_STARTING);
            await().until(() -> slow.call(() -> slow.tasks.view().frameworks().get(0).executors().get(0).tasks()
                    .get(0).getState()) == TaskState.TASK_RUNNING);

            ReregisterAgent.Builder message = ReregisterAgent.newBuilder()
                    .setAgentInfo(AgentInfo.newBuilder().setHostname("h").setId(AGENT));
            slow.on(() -> slow.tasks.describe(message));

            assertThat(message.getFrameworksList()).singleElement()
                    .satisfies(f -> assertThat(f.getId()).isEqualTo(FRAMEWORK));
            Task task = message.getTasks(0);
            assertThat(task.getTaskId().getValue()).isEqualTo("t11");
            assertThat(task.getState()).isEqualTo(TaskState.TASK_RUNNING);
            assertThat(task.getStatusesList()).extracting(TaskStatus::getState)
                    .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
            assertThat(task.getStatusUpdateState()).isEqualTo(TaskState.TASK_STARTING);
            assertThat(task.getStatusUpdateUuid()).isEqualTo(task.getStatuses(0).getUuid());
            assertThat(task.getAgentId()).isEqualTo(AGENT);
            assertThat(task.hasExecutorId()).isFalse();
        }
    }

    private static ContainerInfo image(String name) {
        return ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS).setMesos(ContainerInfo.MesosInfo
                .newBuilder().setImage(Image.newBuilder().setType(Image.Type.DOCKER)
                        .setDocker(Image.Docker.newBuilder().setName(name)))).build();
    }

    @Test
    void anImageTaskOnAnAgentWithoutAContainerizerFailsNamingTheImageAndNeverRunsOnTheHost() {
        agent.run(shell("t20", "touch ran-on-the-host").toBuilder().setContainer(image("example/app:1")).build());

        TaskStatus failed = agent.awaitTerminal("t20");

        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(failed.getMessage()).contains("example/app:1", "agora-containerizer-native");
        assertThat(agent.sandbox("t20").resolve("ran-on-the-host")).doesNotExist();
    }

    @Test
    void aCustomExecutorInAnImageOnAnAgentWithoutAContainerizerFailsNamingTheImageAndNeverRunsOnTheHost()
            throws Exception {
        agent.run(TaskInfo.newBuilder().setName("custom").setTaskId(TaskHarness.id("t21")).setAgentId(AGENT)
                .setExecutor(ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("e21"))
                        .setCommand(CommandInfo.newBuilder().setValue("touch ran-on-the-host"))
                        .setContainer(image("example/executor:2"))).build());

        TaskStatus failed = agent.awaitTerminal("t21");

        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(failed.getMessage()).contains("example/executor:2", "agora-containerizer-native");
        try (java.util.stream.Stream<Path> files = Files.walk(agent.workDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("ran-on-the-host");
        }
    }

    @Test
    void aRootAgentRunsTheTaskAsItsUser() throws Exception {
        assumeTrue(UserAccounts.currentUid() == 0, "the agent must run as root to switch users");
        agent.run(task("t12", CommandInfo.newBuilder().setValue("id -un; touch made-by-task").setUser("nobody")
                .build()));

        assertThat(agent.awaitTerminal("t12").getState()).isEqualTo(TaskState.TASK_FINISHED);
        Path sandbox = agent.sandbox("t12");
        assertThat(sandbox.resolve("stdout")).hasContent("nobody");
        assertThat(Files.getOwner(sandbox.resolve("made-by-task")).getName()).isEqualTo("nobody");
    }

    @Test
    void aUserThatDoesNotExistFailsTheTask() {
        assumeTrue(UserAccounts.currentUid() == 0, "the agent must run as root to switch users");
        agent.run(task("t13", CommandInfo.newBuilder().setValue("true").setUser("no-such-user-7q").build()));

        TaskStatus failed = agent.awaitTerminal("t13");

        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(failed.getMessage()).isEqualTo(
                "Failed to launch container: user 'no-such-user-7q' does not exist on this agent");
    }

    @Test
    void withSwitchUserOffEveryTaskRunsAsTheAgentsUser() throws Exception {
        try (TaskHarness noSwitch = new TaskHarness(new TaskSettings(workDir.resolve("ns"), false,
                Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofMinutes(10), 2, 2), true)) {
            noSwitch.run(task("t14", CommandInfo.newBuilder().setValue("id -un").setUser("nobody").build()));

            assertThat(noSwitch.awaitTerminal("t14").getState()).isEqualTo(TaskState.TASK_FINISHED);
            assertThat(noSwitch.sandbox("t14").resolve("stdout")).hasContent(System.getProperty("user.name"));
        }
    }

    @Test
    void theStatusMessageNamesTheSignalThatEndedTheCommand() {
        agent.run(shell("t15", "kill -SEGV $$"));

        TaskStatus failed = agent.awaitTerminal("t15");

        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getMessage()).isEqualTo("Command terminated with signal SIGSEGV");
        assertThat(Arrays.asList(TaskStatuses.exitMessage(0), TaskStatuses.exitMessage(137)))
                .containsExactly("Command exited with status 0", "Command terminated with signal SIGKILL");
    }

    @Test
    void anExecutableThatCannotBeStartedFailsTheLaunch() {
        agent.run(task("t16", CommandInfo.newBuilder().setShell(false).setValue("/no/such/program").build()));

        TaskStatus failed = agent.awaitTerminal("t16");

        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(failed.getMessage()).startsWith("Failed to launch container: cannot start '/no/such/program'");
        assertThat(agent.statesOf("t16")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_FAILED);
    }

    @Test
    void frameworkCapabilitiesDoNotChangeAPlainRun() {
        agent.run(framework(org.agora.api.v1.Protos.FrameworkInfo.Capability.Type.TASK_KILLING_STATE),
                shell("t17", "true"));

        assertThat(agent.awaitTerminal("t17").getState()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(agent.statesOf("t17")).doesNotContain(TaskState.TASK_KILLING);
    }
}
