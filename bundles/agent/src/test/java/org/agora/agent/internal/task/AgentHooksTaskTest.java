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

import static org.agora.agent.internal.task.TaskHarness.shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.agora.agent.internal.hook.AgentHooks;
import org.agora.api.hook.AgentHook;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.ContainerStatus;
import org.agora.api.v1.Protos.Environment;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Label;
import org.agora.api.v1.Protos.Labels;
import org.agora.api.v1.Protos.Secret;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.Protos.Volume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent hooks on real command tasks: their variables reach the task's process in ranking order (the higher ranking
 * wins a clash, the task's own and the agent's variables are never replaced), a throwing hook is skipped and the
 * launch goes on, status decorators set labels and container status on what is sent, and hooks come and go between
 * launches.
 */
class AgentHooksTaskTest {
    @TempDir
    Path workDir;

    private final AgentHooks hooks = new AgentHooks();
    private TaskHarness agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    /** A hook that sets {@code vars} and records the environment it was shown. */
    private static final class Setting implements AgentHook {
        final Map<String, String> vars;
        final List<Map<String, String>> shown = new ArrayList<>();
        final List<AgentInfo> agents = new ArrayList<>();

        Setting(Map<String, String> vars) {
            this.vars = vars;
        }

        @Override
        public Map<String, String> decorateEnvironment(AgentInfo agent, FrameworkInfo framework, TaskInfo task,
                Map<String, String> environment) {
            shown.add(environment);
            agents.add(agent);
            return vars;
        }
    }

    private String stdoutOf(String taskId) throws Exception {
        agent.awaitState(taskId, TaskState.TASK_FINISHED);
        return Files.readString(agent.sandbox(taskId).resolve("stdout"));
    }

    @Test
    void hookVariablesReachTheTaskAndTheHigherRankingWins() throws Exception {
        agent = new TaskHarness(workDir, hooks);
        Setting low = new Setting(Map.of("COLOUR", "low", "ONLY_LOW", "1", "MINE", "hook", "MESOS_SANDBOX", "x"));
        Setting high = new Setting(Map.of("COLOUR", "high"));
        hooks.add(low, Map.of("service.ranking", 1, "service.id", 10L));
        hooks.add(high, Map.of("service.ranking", 5, "service.id", 11L));
        hooks.add(new AgentHook() {
            @Override
            public Map<String, String> decorateEnvironment(FrameworkInfo framework, TaskInfo task,
                    Map<String, String> environment) {
                throw new IllegalStateException("broken hook");
            }
        }, Map.of("service.ranking", 100, "service.id", 12L));

        TaskInfo task = shell("t1", "echo colour=$COLOUR only=$ONLY_LOW mine=$MINE sandbox=$MESOS_SANDBOX");
        agent.run(task.toBuilder().setCommand(task.getCommand().toBuilder().setEnvironment(Environment.newBuilder()
                .addVariables(Environment.Variable.newBuilder().setName("MINE").setValue("task")))).build());

        String out = stdoutOf("t1");
        assertThat(out).contains("colour=high only=1 mine=task sandbox=" + agent.sandbox("t1"));
        assertThat(high.shown).singleElement().satisfies(env -> {
            assertThat(env).containsEntry("MINE", "task").containsKey("MESOS_SANDBOX").doesNotContainKey("COLOUR");
        });
        assertThat(low.shown).singleElement().satisfies(env -> assertThat(env).containsEntry("COLOUR", "high"));
        assertThat(low.agents).singleElement().isEqualTo(TaskHarness.AGENT_INFO);
    }

    @Test
    void hooksComeAndGoBetweenLaunches() throws Exception {
        agent = new TaskHarness(workDir, hooks);
        Setting hook = new Setting(Map.of("HOOKED", "yes"));
        agent.run(shell("before", "echo hooked=$HOOKED"));
        assertThat(stdoutOf("before")).contains("hooked=\n");

        hooks.add(hook, Map.of("service.id", 1L));
        agent.run(shell("during", "echo hooked=$HOOKED"));
        assertThat(stdoutOf("during")).contains("hooked=yes");

        hooks.remove(hook);
        agent.run(shell("after", "echo hooked=$HOOKED"));
        assertThat(stdoutOf("after")).contains("hooked=\n");
    }

    @Test
    void statusDecoratorsSetLabelsAndContainerStatusOnWhatIsSent() {
        agent = new TaskHarness(workDir, hooks);
        hooks.add(new AgentHook() {
            @Override
            public TaskStatus decorateStatus(AgentInfo a, FrameworkInfo framework, TaskStatus status) {
                return status.toBuilder().setState(TaskState.TASK_LOST).setMessage("ignored")
                        .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("seen")
                                .setValue(status.getState().name())))
                        .setContainerStatus(ContainerStatus.newBuilder().setExecutorPid(4242)).build();
            }
        }, Map.of("service.id", 1L));
        hooks.add(new AgentHook() {
            @Override
            public TaskStatus decorateStatus(AgentInfo a, FrameworkInfo framework, TaskStatus status) {
                throw new IllegalStateException("broken hook");
            }
        }, Map.of("service.ranking", 9, "service.id", 2L));

        agent.run(shell("t1", "true"));
        agent.awaitState("t1", TaskState.TASK_FINISHED);

        assertThat(agent.statesOf("t1")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
                TaskState.TASK_FINISHED);
        assertThat(agent.sentFor("t1")).allSatisfy(s -> {
            assertThat(s.getLabels().getLabels(0).getValue()).isEqualTo(s.getState().name());
            assertThat(s.getContainerStatus().getExecutorPid()).isEqualTo(4242);
            assertThat(s.getMessage()).isNotEqualTo("ignored");
        });
    }

    /** A custom executor that writes {@code command}'s output to {@code out.txt} and exits (it never subscribes). */
    private static TaskInfo customExecutor(String taskId, String command) {
        return TaskInfo.newBuilder().setName(taskId).setTaskId(TaskHarness.id(taskId)).setAgentId(TaskHarness.AGENT)
                .setExecutor(ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("e-" + taskId))
                        .setCommand(CommandInfo.newBuilder().setValue(command + " > out.txt"))).build();
    }

    @Test
    void aCustomExecutorGetsTheVariablesOfExecutorEnvironmentHooks() throws Exception {
        agent = new TaskHarness(workDir, hooks);
        hooks.add(new AgentHook() {
            @Override
            public Map<String, String> decorateExecutorEnvironment(AgentInfo a, FrameworkInfo framework,
                    ExecutorInfo executor, Map<String, String> environment) {
                return Map.of("EXECUTOR_HOOKED", executor.getExecutorId().getValue(), "MESOS_EXECUTOR_ID", "no");
            }
        }, Map.of());

        agent.run(customExecutor("t1", "echo hooked=$EXECUTOR_HOOKED id=$MESOS_EXECUTOR_ID"));

        Path[] out = new Path[1];
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            try (Stream<Path> files = Files.walk(workDir)) {
                out[0] = files.filter(f -> f.getFileName().toString().equals("out.txt")).findFirst().orElse(null);
            }
            return out[0] != null && Files.size(out[0]) > 0;
        });
        assertThat(Files.readString(out[0])).isEqualTo("hooked=e-t1 id=e-t1\n");
    }

    @Test
    void aCustomExecutorWithASecretVolumeIsRefusedRatherThanRunWithoutTheFile() {
        agent = new TaskHarness(workDir, hooks);
        TaskInfo task = customExecutor("t1", "echo ran");
        agent.run(task.toBuilder().setExecutor(task.getExecutor().toBuilder().setContainer(ContainerInfo.newBuilder()
                .setType(ContainerInfo.Type.MESOS).addVolumes(Volume.newBuilder().setContainerPath("db")
                        .setMode(Volume.Mode.RO).setSource(Volume.Source.newBuilder()
                                .setType(Volume.Source.Type.SECRET).setSecret(Secret.newBuilder()
                                        .setType(Secret.Type.REFERENCE).setReference(Secret.Reference.newBuilder()
                                                .setName("db"))))))).build());

        TaskStatus failed = agent.awaitTerminal("t1");

        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(failed.getMessage()).contains("volume 'db'", "secret 'db'", "need the native containerizer");
    }

    @Test
    void hooksAreNotShownSecretVariables() {
        Setting hook = new Setting(Map.of("PASSWORD", "hook"));
        hooks.add(hook, Map.of());
        TaskInfo task = shell("t1", "true");
        task = task.toBuilder().setCommand(task.getCommand().toBuilder().setEnvironment(Environment.newBuilder()
                .addVariables(Environment.Variable.newBuilder().setName("PASSWORD")
                        .setType(Environment.Variable.Type.SECRET)))).build();

        Map<String, String> added = hooks.taskEnvironment(TaskHarness.AGENT_INFO, TaskHarness.framework(), task,
                Map.of("MESOS_TASK_ID", "t1"));

        assertThat(hook.shown).singleElement().satisfies(env -> assertThat(env).containsOnlyKeys("MESOS_TASK_ID"));
        assertThat(added).as("the task's secret variable keeps its name").isEmpty();
    }
}
