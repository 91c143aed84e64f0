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
package org.agora.agent.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.agora.agent.internal.launcher.ProcessIdentity;
import org.agora.agent.internal.status.UpdateRecord;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointReaderTest {
    static final AgentID AGENT = AgentID.newBuilder().setValue("m-S1").build();

    @TempDir
    Path workDir;

    static FrameworkID fid(String id) {
        return FrameworkID.newBuilder().setValue(id).build();
    }

    static FrameworkInfo framework(String id) {
        return FrameworkInfo.newBuilder().setId(fid(id)).setName(id).setUser("u").setCheckpoint(true).build();
    }

    static TaskInfo task(String id) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(AGENT)
                .setCommand(CommandInfo.newBuilder().setValue("sleep 1")).build();
    }

    static StatusUpdate update(String fw, String task, TaskState state, int uuid) {
        return StatusUpdate.newBuilder().setFrameworkId(fid(fw)).setStatus(TaskStatus.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(task)).setState(state)
                .setUuid(ByteString.copyFrom(new byte[] {(byte) uuid}))).build();
    }

    RunCheckpoint checkpointTask(MetaLayout layout, String fw, String task) throws Exception {
        RunCheckpoint run = layout.run(AGENT, fid(fw), ExecutorID.newBuilder().setValue(task).build(),
                ContainerID.newBuilder().setValue("c-" + task).build(), TaskID.newBuilder().setValue(task).build());
        run.writeTask(task(task));
        return run;
    }

    @Test
    void whatTheWritersCheckpointIsReadBack() throws Exception {
        MetaLayout layout = MetaLayout.of(workDir);
        layout.framework(AGENT, fid("f1")).writeInfo(framework("f1"));
        RunCheckpoint run = checkpointTask(layout, "f1", "t1");
        ProcessIdentity self = ProcessIdentity.of(ProcessHandle.current().pid()).orElseThrow();
        run.writeForkedPid(self);
        run.update(update("f1", "t1", TaskState.TASK_STARTING, 1));
        run.acknowledged(ByteString.copyFrom(new byte[] {1}));
        run.update(update("f1", "t1", TaskState.TASK_RUNNING, 2));
        run.writeKill(new KillMarker(12345L, true));

        RecoveredState state = CheckpointReader.read(layout, AGENT);

        assertThat(state.errors()).isZero();
        assertThat(state.frameworks()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo(fid("f1"));
            assertThat(f.info()).contains(framework("f1"));
            assertThat(f.shutDown()).isFalse();
            assertThat(f.runs()).singleElement().satisfies(r -> {
                assertThat(r.taskId().getValue()).isEqualTo("t1");
                assertThat(r.executorId().getValue()).isEqualTo("t1");
                assertThat(r.containerId().getValue()).isEqualTo("c-t1");
                assertThat(r.info()).contains(task("t1"));
                assertThat(r.forked()).contains(self);
                assertThat(r.forked().get().isRunning()).isTrue();
                assertThat(r.kill()).contains(new KillMarker(12345L, true));
                assertThat(r.updates()).containsExactly(
                        new UpdateRecord.Update(update("f1", "t1", TaskState.TASK_STARTING, 1)),
                        new UpdateRecord.Ack(ByteString.copyFrom(new byte[] {1})),
                        new UpdateRecord.Update(update("f1", "t1", TaskState.TASK_RUNNING, 2)));
            });
        });
        assertThat(workDir.resolve("meta/slaves/m-S1/frameworks/f1/executors/t1/runs/c-t1/tasks/t1/task.info"))
                .exists();
        assertThat(workDir.resolve("meta/slaves/m-S1/frameworks/f1/executors/t1/runs/c-t1/pids/forked.pid"))
                .exists();
        assertThat(CheckpointReader.agents(layout)).containsExactly(AGENT);

        run.delete();
        assertThat(workDir.resolve("meta/slaves/m-S1/frameworks/f1/executors")).isEmptyDirectory();
    }

    @Test
    void malformedFilesAreSkippedAndCountedWhileTheOthersAreKept() throws Exception {
        MetaLayout layout = MetaLayout.of(workDir);
        layout.framework(AGENT, fid("good")).writeInfo(framework("good"));
        checkpointTask(layout, "good", "a");
        RunCheckpoint b = checkpointTask(layout, "good", "b");
        Files.write(b.taskInfoFile(), new byte[] {0, 0, 0, 9, 1, 2});
        RunCheckpoint c = checkpointTask(layout, "good", "c");
        Files.createDirectories(c.forkedPidFile().getParent());
        Files.write(c.forkedPidFile(), "garbage".getBytes());
        FrameworkCheckpoint bad = layout.framework(AGENT, fid("bad"));
        bad.writeInfo(framework("bad"));
        Files.write(bad.infoFile(), new byte[] {1, 2, 3});
        checkpointTask(layout, "bad", "d");

        RecoveredState state = CheckpointReader.read(layout, AGENT);

        assertThat(state.errors()).isEqualTo(3);
        assertThat(state.frameworks()).extracting(f -> f.id().getValue()).containsExactly("bad", "good");
        RecoveredState.Framework badOne = state.frameworks().get(0);
        assertThat(badOne.info()).isEmpty();
        assertThat(badOne.runs()).extracting(r -> r.info().isPresent()).containsExactly(true);
        List<RecoveredState.Run> runs = state.frameworks().get(1).runs();
        assertThat(runs).extracting(r -> r.taskId().getValue()).containsExactly("a", "b", "c");
        assertThat(runs).extracting(r -> r.info().isPresent()).containsExactly(true, false, true);
        assertThat(runs.get(2).forked()).isEmpty();
    }

    @Test
    void executorRunsAreReadWithTheirExecutorTheirTasksAndTheProcessesTheyRunIn() throws Exception {
        MetaLayout layout = MetaLayout.of(workDir);
        layout.framework(AGENT, fid("f1")).writeInfo(framework("f1"));
        ProcessIdentity self = ProcessIdentity.of(ProcessHandle.current().pid()).orElseThrow();
        ExecutorInfo custom = ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.CUSTOM)
                .setExecutorId(ExecutorID.newBuilder().setValue("e1"))
                .setCommand(CommandInfo.newBuilder().setValue("./executor")).build();
        ExecutorCheckpoint e1 = layout.executor(AGENT, fid("f1"), custom.getExecutorId(),
                ContainerID.newBuilder().setValue("c1").build());
        e1.writeInfo(custom);
        e1.writeForkedPid(self);
        e1.task(TaskID.newBuilder().setValue("a").build()).writeTask(task("a"));
        e1.task(TaskID.newBuilder().setValue("b").build()).writeTask(task("b"));
        ExecutorInfo pod = ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                .setExecutorId(ExecutorID.newBuilder().setValue("pod")).build();
        ExecutorCheckpoint p1 = layout.executor(AGENT, fid("f1"), pod.getExecutorId(),
                ContainerID.newBuilder().setValue("c2").build());
        p1.writeInfo(pod);
        RunCheckpoint member = p1.task(TaskID.newBuilder().setValue("g").build());
        member.writeTask(task("g"));
        member.writeGroup("group-1");
        member.writeForkedPid(self);

        RecoveredState state = CheckpointReader.read(layout, AGENT);

        assertThat(state.errors()).isZero();
        List<RecoveredState.Run> runs = state.frameworks().get(0).runs();
        assertThat(runs).extracting(r -> r.taskId().getValue()).containsExactly("a", "b", "g");
        assertThat(runs.subList(0, 2)).allSatisfy(r -> {
            assertThat(r.executor()).hasValue(custom);
            assertThat(r.forked()).as("the executor's process").hasValue(self);
            assertThat(r.checkpoint().shared()).isTrue();
            assertThat(r.group()).isEmpty();
        });
        assertThat(runs.get(2).executor()).hasValue(pod);
        assertThat(runs.get(2).group()).hasValue("group-1");
        assertThat(runs.get(2).forked()).as("the task's own process").hasValue(self);

        // a shared run's task goes alone; the executor's run goes with the last of them
        runs.get(0).checkpoint().delete();
        assertThat(CheckpointReader.read(layout, AGENT).frameworks().get(0).runs())
                .extracting(r -> r.taskId().getValue()).containsExactly("b", "g");
        e1.delete();
        p1.delete();
        assertThat(layout.framework(AGENT, fid("f1")).dir().resolve("executors")).isEmptyDirectory();
    }
}
