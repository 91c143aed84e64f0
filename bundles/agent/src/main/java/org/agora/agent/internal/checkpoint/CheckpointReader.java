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

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.agora.agent.internal.launcher.ProcessIdentity;
import org.agora.agent.internal.status.UpdateRecord;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an agent's checkpoint (see {@link MetaLayout}) as Mesos's agent does in non-strict mode
 * ({@code src/slave/state.cpp}): a malformed file is logged with its path and counted, and recovery goes on with
 * everything else; a status update journal torn by a crash keeps its whole records and loses only the torn tail.
 */
public final class CheckpointReader {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointReader.class);

    /** The task id of a run that holds no task checkpoint (an executor without tasks, or one never recorded). */
    public static final String NO_TASK = "unknown";

    private final MetaLayout layout;
    private int errors;

    private CheckpointReader(MetaLayout layout) {
        this.layout = layout;
    }

    /** The checkpoint of agent {@code agentId}; empty of frameworks when there is none. */
    public static RecoveredState read(MetaLayout layout, AgentID agentId) {
        CheckpointReader reader = new CheckpointReader(layout);
        List<RecoveredState.Framework> frameworks = new ArrayList<>();
        for (Path dir : reader.directories(layout.agent(agentId).resolve(MetaLayout.FRAMEWORKS))) {
            frameworks.add(reader.framework(agentId, FrameworkID.newBuilder()
                    .setValue(dir.getFileName().toString()).build()));
        }
        return new RecoveredState(agentId, frameworks, reader.errors);
    }

    /** The agent ids that have a checkpoint directory. */
    public static List<AgentID> agents(MetaLayout layout) {
        List<AgentID> ids = new ArrayList<>();
        for (Path dir : new CheckpointReader(layout).directories(layout.agents())) {
            ids.add(AgentID.newBuilder().setValue(dir.getFileName().toString()).build());
        }
        return ids;
    }

    private RecoveredState.Framework framework(AgentID agentId, FrameworkID id) {
        FrameworkCheckpoint checkpoint = layout.framework(agentId, id);
        Optional<FrameworkInfo> info = Optional.empty();
        try {
            info = Optional.of(FrameworkInfo.parseFrom(CheckpointFiles.read(checkpoint.infoFile())));
        } catch (InvalidProtocolBufferException e) {
            malformed(checkpoint.infoFile(), "not a FrameworkInfo: " + e.getMessage());
        } catch (IOException e) {
            problem(checkpoint.infoFile(), e);
        }
        List<RecoveredState.Run> runs = new ArrayList<>();
        for (Path executor : directories(checkpoint.dir().resolve(MetaLayout.EXECUTORS))) {
            Optional<ExecutorInfo> executorInfo = executorInfo(executor.resolve(ExecutorCheckpoint.INFO));
            for (Path run : directories(executor.resolve(MetaLayout.RUNS))) {
                Path tasks = run.resolve(MetaLayout.TASKS);
                List<Path> taskDirs = directories(tasks);
                if (taskDirs.isEmpty()) {
                    // a run whose task was never recorded: keep it so that its process, if any, is dealt with
                    taskDirs = List.of(tasks.resolve(NO_TASK));
                }
                for (Path task : taskDirs) {
                    runs.add(run(executor, run, task, executorInfo));
                }
            }
        }
        return new RecoveredState.Framework(id, checkpoint, info, checkpoint.isShutDown(), runs);
    }

    /** A custom or default executor's ExecutorInfo; none for a command task's executor (which has no such file). */
    private Optional<ExecutorInfo> executorInfo(Path file) {
        try {
            return Optional.of(ExecutorInfo.parseFrom(CheckpointFiles.read(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (InvalidProtocolBufferException e) {
            malformed(file, "not an ExecutorInfo: " + e.getMessage());
        } catch (IOException e) {
            problem(file, e);
        }
        // unreadable: its runs are still read (and their processes dealt with) as shared runs of an unknown executor
        return Optional.of(ExecutorInfo.getDefaultInstance());
    }

    private Optional<ProcessIdentity> forked(Path file) {
        try {
            return Optional.of(ProcessIdentity.decode(new String(CheckpointFiles.read(file),
                    StandardCharsets.US_ASCII)));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // never started
        } catch (IllegalArgumentException e) {
            malformed(file, e.getMessage());
        } catch (IOException e) {
            problem(file, e);
        }
        return Optional.empty();
    }

    private RecoveredState.Run run(Path executorDir, Path runDir, Path taskDir, Optional<ExecutorInfo> executor) {
        RunCheckpoint checkpoint = new RunCheckpoint(executorDir, runDir, taskDir, executor.isPresent());
        Optional<TaskInfo> info = Optional.empty();
        try {
            info = Optional.of(TaskInfo.parseFrom(CheckpointFiles.read(checkpoint.taskInfoFile())));
        } catch (InvalidProtocolBufferException e) {
            malformed(checkpoint.taskInfoFile(), "not a TaskInfo: " + e.getMessage());
        } catch (IOException e) {
            problem(checkpoint.taskInfoFile(), e);
        }
        // a default executor's task has a process of its own; a custom executor's tasks live in the executor's
        Optional<ProcessIdentity> forked = forked(checkpoint.forkedPidFile());
        if (forked.isEmpty() && executor.isPresent()) {
            forked = forked(new ExecutorCheckpoint(executorDir, runDir).forkedPidFile());
        }
        Optional<String> group = Optional.empty();
        try {
            group = Optional.of(new String(CheckpointFiles.read(checkpoint.groupFile()), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            // not in a task group
        } catch (IOException e) {
            problem(checkpoint.groupFile(), e);
        }
        Optional<KillMarker> kill = Optional.empty();
        try {
            kill = Optional.of(KillMarker.decode(CheckpointFiles.read(checkpoint.killFile())));
        } catch (NoSuchFileException e) {
            // no kill under way
        } catch (IllegalArgumentException e) {
            malformed(checkpoint.killFile(), e.getMessage());
        } catch (IOException e) {
            problem(checkpoint.killFile(), e);
        }
        List<UpdateRecord> updates = new ArrayList<>();
        try {
            for (byte[] record : CheckpointFiles.readLog(checkpoint.updatesFile())) {
                updates.add(UpdateRecord.decode(record));
            }
        } catch (IllegalArgumentException e) {
            malformed(checkpoint.updatesFile(), "record " + (updates.size() + 1) + ": " + e.getMessage()
                    + "; keeping the " + updates.size() + " record(s) before it");
        } catch (IOException e) {
            problem(checkpoint.updatesFile(), e);
        }
        return new RecoveredState.Run(ExecutorID.newBuilder().setValue(executorDir.getFileName().toString()).build(),
                ContainerID.newBuilder().setValue(runDir.getFileName().toString()).build(),
                TaskID.newBuilder().setValue(taskDir.getFileName().toString()).build(), checkpoint, info, forked,
                List.copyOf(updates), kill, executor, group);
    }

    private void problem(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            malformed(file, "missing");
        } else if (e instanceof MalformedCheckpointException m) {
            errors++;
            LOG.warn("Skipping malformed checkpoint {}", m.getMessage());
        } else {
            malformed(file, "unreadable: " + e);
        }
    }

    private void malformed(Path file, String problem) {
        errors++;
        LOG.warn("Skipping malformed checkpoint {}: {}", file, problem);
    }

    /** The subdirectories of {@code dir}, by name; none when it does not exist. */
    private List<Path> directories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().endsWith(".tmp"))
                    .sorted().toList();
        } catch (IOException e) {
            errors++;
            LOG.warn("Cannot list checkpoint directory {}: {}", dir, e.toString());
            return List.of();
        }
    }
}
