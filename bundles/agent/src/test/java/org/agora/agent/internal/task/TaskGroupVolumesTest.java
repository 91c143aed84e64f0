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

import static org.agora.agent.internal.task.TaskHarness.checkpointing;
import static org.agora.agent.internal.task.TaskHarness.shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.agora.agent.internal.launcher.ContainerizerSlot;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.RunTaskGroup;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.TaskGroupInfo;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.Protos.Volume;
import org.agora.containerizer.mesos.internal.NativeContainerizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sandbox_path} of type PARENT on the agent's default executor: the tasks of a group, each in a container of
 * its own (the real native containerizer, as root), share a directory of the executor's sandbox; a command task,
 * which has no parent, is refused naming the volume.
 */
class TaskGroupVolumesTest {
    @TempDir
    Path workDir;

    private final ContainerizerSlot slot = new ContainerizerSlot(true);
    private NativeContainerizer containerizer;
    private TaskHarness agent;

    @BeforeEach
    void start() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: volumes are mounts");
        agent = new TaskHarness(workDir, true, slot);
        // bound once the agent's tasks are there, as DS binds it: launches go through it once it has recovered
        containerizer = NativeContainerizer.withIsolation("");
        slot.set(containerizer);
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (containerizer != null) {
            containerizer.stop();
        }
    }

    private static TaskInfo withParentVolume(TaskInfo task) {
        return task.toBuilder().setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                .addVolumes(Volume.newBuilder().setContainerPath("shared").setMode(Volume.Mode.RW).setSource(
                        Volume.Source.newBuilder().setType(Volume.Source.Type.SANDBOX_PATH).setSandboxPath(
                                Volume.Source.SandboxPath.newBuilder()
                                        .setType(Volume.Source.SandboxPath.Type.PARENT).setPath("data"))))).build();
    }

    @Test
    void theTasksOfAGroupShareADirectoryOfTheExecutorsSandbox() throws Exception {
        ExecutorInfo executor = ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                .setExecutorId(ExecutorID.newBuilder().setValue("pod")).setFrameworkId(TaskHarness.FRAMEWORK)
                .addAllResources(Resources.parse("cpus:0.1;mem:32;disk:10").toList()).build();
        TaskGroupInfo group = TaskGroupInfo.newBuilder()
                .addTasks(withParentVolume(shell("writer", "echo from-writer > shared/note.txt")))
                .addTasks(withParentVolume(shell("reader", "while [ ! -s shared/note.txt ]; do sleep 0.02; done; "
                        + "cat shared/note.txt"))).build();
        agent.on(() -> agent.tasks.received(Envelope.newBuilder().setRunTaskGroup(RunTaskGroup.newBuilder()
                .setFramework(checkpointing()).setExecutor(executor).setTaskGroup(group)).build()));

        assertThat(agent.awaitTerminal("writer").getState()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(agent.awaitTerminal("reader").getState()).isEqualTo(TaskState.TASK_FINISHED);
        Path pod;
        try (Stream<Path> dirs = Files.walk(workDir.resolve("slaves"))) {
            pod = dirs.filter(d -> d.getParent() != null && d.getParent().getFileName().toString().equals("runs")
                    && d.toString().contains("/executors/pod/")).findFirst().orElseThrow();
        }
        assertThat(pod.resolve("data/note.txt")).hasContent("from-writer");
        assertThat(Files.readString(pod.resolve("tasks/reader/stdout"))).contains("from-writer");
        // mounted in the tasks' own namespaces: their sandboxes on the host hold empty mount points
        assertThat(pod.resolve("tasks/writer/shared")).isEmptyDirectory();
    }

    @Test
    void aCommandTaskHasNoParentSandbox() {
        agent.run(withParentVolume(shell("alone", "true")));

        TaskStatus failed = agent.awaitTerminal("alone");

        assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(failed.getMessage()).contains("volume 'shared' refused", "PARENT needs a parent container");
    }
}
