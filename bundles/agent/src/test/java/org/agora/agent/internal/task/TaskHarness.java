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

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.agora.agent.internal.checkpoint.CheckpointFiles;
import org.agora.agent.internal.launcher.ContainerizerSlot;
import org.agora.agent.internal.launcher.ProcessIdentity;
import org.agora.agent.internal.launcher.ProcessTree;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.ExecutorEnded;
import org.agora.api.channel.Channel.FrameworkMessage;
import org.agora.api.channel.Channel.KillTask;
import org.agora.api.channel.Channel.RunTask;
import org.agora.api.channel.Channel.ShutdownFramework;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.channel.Channel.StatusUpdateAcknowledgement;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.DurationInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.KillPolicy;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.agent.internal.hook.AgentHooks;
import org.agora.agent.internal.launcher.SecretSlot;
import org.agora.agent.internal.status.TaskStates;

/**
 * {@link AgentTasks} on a real actor thread, with a test double for the master channel that records every status
 * update sent and, when asked to, acknowledges each one once. {@link #stopLeavingTasks} stops it as an agent stops
 * (checkpointed tasks keep running, for a next harness on the same work directory to {@link #recover});
 * {@link #close} also kills whatever checkpointed process is left, so that no test leaves processes behind.
 */
final class TaskHarness implements AutoCloseable {
    static final AgentID AGENT = AgentID.newBuilder().setValue("m1-S7").build();
    static final AgentInfo AGENT_INFO = AgentInfo.newBuilder().setId(AGENT).setHostname("localhost").setPort(5051)
            .build();
    static final FrameworkID FRAMEWORK = FrameworkID.newBuilder().setValue("m1-0001").build();

    final ScheduledExecutorService actor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-agent-actor");
        t.setDaemon(true);
        return t;
    });
    final List<StatusUpdate> sent = new CopyOnWriteArrayList<>();
    final List<ExecutorEnded> executorsEnded = new CopyOnWriteArrayList<>();
    final List<FrameworkMessage> messages = new CopyOnWriteArrayList<>();
    final AtomicBoolean connected = new AtomicBoolean(true);
    final Path workDir;
    final AgentTasks tasks;
    private final boolean autoAck;
    private final Set<Object> acked = ConcurrentHashMap.newKeySet();
    private boolean stopped;

    TaskHarness(Path workDir, boolean autoAck) {
        this(workDir, autoAck, new ContainerizerSlot());
    }

    /** A harness whose tasks launch through whatever containerizer {@code containerizer} holds. */
    TaskHarness(Path workDir, boolean autoAck, ContainerizerSlot containerizer) {
        this(new TaskSettings(workDir, true, Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofMinutes(10), 2,
                2), autoAck, containerizer);
    }

    TaskHarness(TaskSettings settings, boolean autoAck) {
        this(settings, autoAck, new ContainerizerSlot());
    }

    TaskHarness(TaskSettings settings, boolean autoAck, ContainerizerSlot containerizer) {
        this(settings, autoAck, containerizer, new AgentHooks());
    }

    /** A harness whose launches and status updates go through {@code hooks}. */
    TaskHarness(Path workDir, AgentHooks hooks) {
        this(new TaskSettings(workDir, true, Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofMinutes(10), 2,
                2), true, new ContainerizerSlot(), hooks);
    }

    TaskHarness(TaskSettings settings, boolean autoAck, ContainerizerSlot containerizer, AgentHooks hooks) {
        this.workDir = settings.workDir();
        this.autoAck = autoAck;
        this.tasks = new AgentTasks(settings, actor, new MasterChannel() {
            @Override
            public boolean send(StatusUpdate update) {
                return TaskHarness.this.send(update);
            }

            @Override
            public void executorEnded(ExecutorEnded ended) {
                executorsEnded.add(ended);
            }

            @Override
            public void frameworkMessage(FrameworkMessage message) {
                messages.add(message);
            }
        }, () -> AGENT_INFO, "127.0.0.1:5051", containerizer, Optional.empty(), new SecretSlot(), hooks);
    }

    private boolean send(StatusUpdate update) {
        if (!connected.get()) {
            return false;
        }
        sent.add(update);
        if (autoAck && acked.add(update.getStatus().getUuid())) {
            actor.execute(() -> tasks.acknowledge(ack(update.getStatus()).toBuilder()
                    .setFrameworkId(update.getFrameworkId()).build()));
        }
        return true;
    }

    /** Runs on the actor and waits for it. */
    <T> T call(Callable<T> c) {
        try {
            return actor.submit(c).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void on(Runnable r) {
        call(() -> {
            r.run();
            return null;
        });
    }

    void run(TaskInfo task) {
        run(framework(), task);
    }

    void run(FrameworkInfo framework, TaskInfo task) {
        on(() -> tasks.received(Envelope.newBuilder()
                .setRunTask(RunTask.newBuilder().setFramework(framework).setTask(task)).build()));
    }

    void kill(String taskId, Duration grace) {
        KillTask.Builder k = KillTask.newBuilder().setFrameworkId(FRAMEWORK).setTaskId(id(taskId));
        if (grace != null) {
            k.setKillPolicy(KillPolicy.newBuilder().setGracePeriod(
                    DurationInfo.newBuilder().setNanoseconds(grace.toNanos())));
        }
        on(() -> tasks.received(Envelope.newBuilder().setKillTask(k).build()));
    }

    void shutdown(FrameworkID framework) {
        on(() -> tasks.received(Envelope.newBuilder()
                .setShutdownFramework(ShutdownFramework.newBuilder().setFrameworkId(framework)).build()));
    }

    /** Takes over what an earlier harness on the same work directory left behind. */
    RecoverySummary recover() {
        return call(tasks::recover);
    }

    /** A master registered the agent: unacknowledged updates go out. */
    void registered() {
        on(tasks::registered);
    }

    /** Stops as the agent stops: kills what does not outlive the agent, leaves checkpointed tasks running. */
    void stopLeavingTasks() {
        if (!stopped) {
            stopped = true;
            on(tasks::stop);
            actor.shutdownNow();
        }
    }

    void acknowledge(TaskStatus status) {
        on(() -> tasks.received(Envelope.newBuilder().setStatusUpdateAcknowledgement(ack(status)).build()));
    }

    static StatusUpdateAcknowledgement ack(TaskStatus status) {
        return StatusUpdateAcknowledgement.newBuilder().setFrameworkId(FRAMEWORK).setTaskId(status.getTaskId())
                .setUuid(status.getUuid()).build();
    }

    /** The statuses sent for the task, resends included, in the order sent. */
    List<TaskStatus> sentFor(String taskId) {
        return sent.stream().map(StatusUpdate::getStatus).filter(s -> s.getTaskId().getValue().equals(taskId))
                .toList();
    }

    /** The task's distinct states, in the order they were first sent. */
    List<TaskState> statesOf(String taskId) {
        return sentFor(taskId).stream().map(TaskStatus::getState).distinct().toList();
    }

    TaskStatus awaitState(String taskId, TaskState state) {
        await().atMost(Duration.ofSeconds(15)).until(() -> statesOf(taskId).contains(state));
        return sentFor(taskId).stream().filter(s -> s.getState() == state).findFirst().orElseThrow();
    }

    TaskStatus awaitTerminal(String taskId) {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> sentFor(taskId).stream().anyMatch(s -> TaskStates.isTerminal(s.getState())));
        return sentFor(taskId).stream().filter(s -> TaskStates.isTerminal(s.getState())).findFirst().orElseThrow();
    }

    /** Every update of the tasks the agent runs has been acknowledged. */
    boolean allAcknowledged() {
        return call(() -> tasks.view().frameworks().stream().flatMap(f -> f.executors().stream())
                .flatMap(e -> e.tasks().stream()).noneMatch(t -> t.hasStatusUpdateUuid()));
    }

    /** The task's sandbox, while the agent knows the task or remembers it as completed. */
    Path sandbox(String taskId) {
        return call(() -> {
            TasksView v = tasks.view();
            return java.util.stream.Stream.concat(v.frameworks().stream(), v.completedFrameworks().stream())
                    .flatMap(f -> java.util.stream.Stream.concat(f.executors().stream(),
                            f.completedExecutors().stream()))
                    .filter(e -> e.id().getValue().equals(taskId)).findFirst().orElseThrow().directory();
        });
    }

    /** The test framework, with checkpointing: its tasks outlive the agent. */
    static FrameworkInfo checkpointing(FrameworkInfo.Capability.Type... capabilities) {
        return framework(capabilities).toBuilder().setCheckpoint(true).build();
    }

    static FrameworkInfo framework(FrameworkInfo.Capability.Type... capabilities) {
        FrameworkInfo.Builder f = FrameworkInfo.newBuilder().setId(FRAMEWORK).setName("test")
                .setUser(System.getProperty("user.name"));
        for (FrameworkInfo.Capability.Type c : capabilities) {
            f.addCapabilities(FrameworkInfo.Capability.newBuilder().setType(c));
        }
        return f.build();
    }

    static TaskInfo shell(String taskId, String command) {
        return task(taskId, CommandInfo.newBuilder().setValue(command).build());
    }

    static TaskInfo task(String taskId, CommandInfo command) {
        return TaskInfo.newBuilder().setName("task " + taskId).setTaskId(id(taskId)).setAgentId(AGENT)
                .setCommand(command).build();
    }

    static TaskID id(String taskId) {
        return TaskID.newBuilder().setValue(taskId).build();
    }

    /** Whether the process runs; a zombie (dead, waiting for its parent or init to reap it) does not. */
    static boolean alive(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Every process identity checkpointed under the work directory. */
    List<ProcessIdentity> checkpointedProcesses() {
        Path meta = workDir.resolve("meta");
        if (!Files.isDirectory(meta)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(meta)) {
            return files.filter(f -> f.getFileName().toString().equals("forked.pid")).map(f -> {
                try {
                    return ProcessIdentity.decode(new String(CheckpointFiles.read(f), StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    return null;
                }
            }).filter(Objects::nonNull).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stopLeavingTasks();
        for (ProcessIdentity p : checkpointedProcesses()) {
            if (p.isRunning()) {
                ProcessHandle.of(p.pid()).ifPresent(h -> ProcessTree.kill(h, List.of()));
            }
        }
    }
}
