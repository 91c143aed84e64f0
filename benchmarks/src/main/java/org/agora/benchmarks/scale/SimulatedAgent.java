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
package org.agora.benchmarks.scale;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.master.MasterLink;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.channel.Channel.RunTask;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.channel.Channel.StatusUpdateAcknowledgement;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;

/**
 * One simulated agent: the real agent's {@link MasterLink} (registration, re-registration, heartbeats, reconnection
 * with backoff) over a real agent channel, with tasks that only exist here. A launched task reports TASK_RUNNING at
 * once, and TASK_FINISHED after the time its name asks for ({@code ...-life<ms>}); each task's updates go out in
 * order, one in flight, resent after 10 s (doubling) until acknowledged, as the agent's status-update manager does.
 * Everything runs on the fleet's actor thread.
 */
final class SimulatedAgent implements MasterLink.Owner {
    private static final long RETRY_MIN_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long RETRY_MAX_NANOS = TimeUnit.MINUTES.toNanos(10);

    /** One task's updates, oldest (in flight) first. */
    private static final class Stream {
        final ArrayDeque<StatusUpdate> updates = new ArrayDeque<>();
        long resendAtNanos;
        long backoffNanos = RETRY_MIN_NANOS;
        boolean sent;
    }

    private final SimulatedFleet fleet;
    private final int index;
    private final AgentInfo.Builder info;
    private MasterLink link;
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final Map<String, FrameworkInfo> frameworks = new HashMap<>();
    private final Map<String, Stream> streams = new LinkedHashMap<>();
    /** Wall-clock ms of the last (re-)registration; 0 before the first. */
    volatile long registeredAtMillis;
    volatile boolean registered;

    SimulatedAgent(SimulatedFleet fleet, int index, AgentInfo template) {
        this.fleet = fleet;
        this.index = index;
        this.info = template.toBuilder().setHostname("sim-" + index).setPort(1024 + index % 60000);
    }

    void link(MasterLink link) {
        this.link = link;
    }

    MasterLink link() {
        return link;
    }

    int runningTasks() {
        int n = 0;
        for (Task t : tasks.values()) {
            n += t.getState() == TaskState.TASK_RUNNING ? 1 : 0;
        }
        return n;
    }

    @Override
    public AgentInfo agentInfo() {
        return info.build();
    }

    @Override
    public void registered(AgentInfo agentInfo, MasterInfo master, boolean reregistered) {
        boolean first = !info.hasId();
        info.setId(agentInfo.getId());
        registeredAtMillis = System.currentTimeMillis();
        registered = true;
        fleet.registered(this, first, reregistered);
        // what waited while the agent had no master goes now (the agent's status-update manager resumes)
        long now = System.nanoTime();
        for (Stream s : streams.values()) {
            send(s, now);
        }
    }

    @Override
    public void idRefused(String message) {
        fleet.idRefused(this, message, tasks.size());
        info.clearId();
        tasks.clear();
        streams.clear();
        registered = false;
    }

    @Override
    public void describeTasks(ReregisterAgent.Builder message) {
        registered = false;
        message.addAllTasks(tasks.values());
        message.addAllFrameworks(frameworks.values());
    }

    @Override
    public void received(Envelope e) {
        switch (e.getMessageCase()) {
            case RUN_TASK -> run(e.getRunTask());
            // an ACCEPT's tasks in one message: the agent's MasterLink lists run_tasks, so the master sends these
            case RUN_TASKS -> e.getRunTasks().getTasksList().forEach(t -> run(RunTask.newBuilder()
                    .setFramework(e.getRunTasks().getFramework()).setTask(t).build()));
            case STATUS_UPDATE_ACKNOWLEDGEMENT -> acknowledged(e.getStatusUpdateAcknowledgement());
            case KILL_TASK -> {
                Task t = tasks.get(e.getKillTask().getTaskId().getValue());
                if (t != null && !terminal(t.getState())) {
                    fleet.taskKilled();
                    update(t, TaskState.TASK_KILLED);
                }
            }
            case SHUTDOWN_FRAMEWORK -> {
                String fid = e.getShutdownFramework().getFrameworkId().getValue();
                for (Task t : List.copyOf(tasks.values())) {
                    if (t.getFrameworkId().getValue().equals(fid) && !terminal(t.getState())) {
                        fleet.taskKilled();
                        update(t, TaskState.TASK_KILLED);
                    }
                }
            }
            default -> { }
        }
    }

    private void run(RunTask run) {
        TaskInfo ti = run.getTask();
        frameworks.put(run.getFramework().getId().getValue(), run.getFramework());
        Task t = Task.newBuilder().setName(ti.getName()).setTaskId(ti.getTaskId())
                .setFrameworkId(run.getFramework().getId()).setAgentId(info.getId())
                .setState(TaskState.TASK_STAGING).addAllResources(ti.getResourcesList()).build();
        tasks.put(ti.getTaskId().getValue(), t);
        update(t, TaskState.TASK_RUNNING);
        long life = lifeMillis(ti.getName());
        if (life > 0) {
            fleet.schedule(() -> {
                Task now = tasks.get(ti.getTaskId().getValue());
                if (now != null && !terminal(now.getState())) {
                    update(now, TaskState.TASK_FINISHED);
                }
            }, life);
        }
    }

    /** {@code ...-life<ms>} in a task's name: it finishes after that long. */
    private static long lifeMillis(String name) {
        int at = name.lastIndexOf("-life");
        return at < 0 ? 0 : Long.parseLong(name.substring(at + 5));
    }

    private void update(Task t, TaskState state) {
        UUID uuid = UUID.randomUUID();
        ByteString id = ByteString.copyFrom(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
        TaskStatus status = TaskStatus.newBuilder().setTaskId(t.getTaskId()).setState(state).setAgentId(info.getId())
                .setUuid(id).setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                .setTimestamp(System.currentTimeMillis() / 1000.0).build();
        Task updated = t.toBuilder().setState(state).clearStatuses().addStatuses(status).build();
        tasks.put(t.getTaskId().getValue(), updated);
        Stream s = streams.computeIfAbsent(t.getTaskId().getValue(), k -> new Stream());
        s.updates.add(StatusUpdate.newBuilder().setFrameworkId(t.getFrameworkId()).setStatus(status)
                .setLatestState(state).build());
        if (s.updates.size() == 1) {
            send(s, System.nanoTime());
        }
    }

    private void send(Stream s, long now) {
        StatusUpdate u = s.updates.peek();
        if (u == null) {
            return;
        }
        if (link.send(Envelope.newBuilder().setStatusUpdate(u).build())) {
            fleet.updateSent(s.sent);
            s.sent = true;
        }
        s.resendAtNanos = now + s.backoffNanos;
    }

    private void acknowledged(StatusUpdateAcknowledgement ack) {
        String taskId = ack.getTaskId().getValue();
        Stream s = streams.get(taskId);
        if (s == null || s.updates.isEmpty() || !s.updates.peek().getStatus().getUuid().equals(ack.getUuid())) {
            return;
        }
        StatusUpdate done = s.updates.poll();
        s.sent = false;
        s.backoffNanos = RETRY_MIN_NANOS;
        if (terminal(done.getStatus().getState())) {
            streams.remove(taskId);
            tasks.remove(taskId);
            return;
        }
        send(s, System.nanoTime());
    }

    /** Resends every in-flight update whose time has come; the fleet calls this once a second. */
    void resendDue(long now) {
        if (!registered) {
            return;
        }
        for (Iterator<Stream> it = streams.values().iterator(); it.hasNext(); ) {
            Stream s = it.next();
            if (!s.updates.isEmpty() && now - s.resendAtNanos >= 0) {
                s.backoffNanos = Math.min(s.backoffNanos * 2, RETRY_MAX_NANOS);
                send(s, now);
            }
        }
    }

    /** Live tasks by framework id, for the harness's check that none was lost. */
    List<Task> liveTasks() {
        List<Task> out = new ArrayList<>();
        tasks.values().forEach(t -> {
            if (!terminal(t.getState())) {
                out.add(t);
            }
        });
        return out;
    }

    static boolean terminal(TaskState s) {
        return switch (s) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_LOST, TASK_ERROR, TASK_DROPPED, TASK_GONE,
                    TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return "sim-" + index + (info.hasId() ? " (" + info.getId().getValue() + ")" : "");
    }
}
