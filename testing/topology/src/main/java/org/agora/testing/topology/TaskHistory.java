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
package org.agora.testing.topology;

import com.google.protobuf.ByteString;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;

/**
 * Everything a {@link TrackingFramework} did with one task and heard about it: how often it asked a master to launch
 * it (and which), and every status update in the order it arrived, reconciliation answers included. Safe to read
 * from any thread while the framework runs.
 */
public final class TaskHistory {
    /** Mesos's terminal task states. */
    public static final Set<TaskState> TERMINAL = EnumSet.of(TaskState.TASK_FINISHED, TaskState.TASK_FAILED,
            TaskState.TASK_KILLED, TaskState.TASK_ERROR, TaskState.TASK_LOST, TaskState.TASK_DROPPED,
            TaskState.TASK_GONE, TaskState.TASK_GONE_BY_OPERATOR);

    /**
     * A launch the framework sent: the ACCEPT with this task, to the master {@code masterId}, answered with
     * {@code httpStatus} (0 when no answer came: connection refused or broken).
     */
    public record Launch(String masterId, long nanos, int httpStatus) {
    }

    /** One status update as it arrived, with the master whose stream brought it. */
    public record Update(long nanos, String masterId, TaskStatus status) {
        /** Whether it answers a reconciliation (the master's word, not an update from the agent). */
        public boolean reconciliation() {
            return status.getReason() == TaskStatus.Reason.REASON_RECONCILIATION;
        }
    }

    private final String id;
    private final List<Launch> launches = new CopyOnWriteArrayList<>();
    private final List<Update> updates = new CopyOnWriteArrayList<>();

    TaskHistory(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    void accepted(Launch launch) {
        launches.add(launch);
    }

    void updated(Update u) {
        updates.add(u);
    }

    /** The launches the framework sent for this task id: one, unless the framework itself is wrong. */
    public List<Launch> launches() {
        return List.copyOf(launches);
    }

    public List<Update> updates() {
        return List.copyOf(updates);
    }

    /** The latest state heard, reconciliation answers included. */
    public Optional<TaskState> state() {
        List<Update> u = updates();
        return u.isEmpty() ? Optional.empty() : Optional.of(u.get(u.size() - 1).status().getState());
    }

    /** Whether any update, reconciliation answers included, said {@code state}. */
    public boolean heard(TaskState state) {
        return updates.stream().anyMatch(u -> u.status().getState() == state);
    }

    /**
     * Whether the task ended: an update that is not a reconciliation answer said a terminal state. A reconciliation
     * answer alone does not end it: the test asks again and compares with what really runs.
     */
    public boolean ended() {
        return updates.stream().anyMatch(u -> !u.reconciliation() && TERMINAL.contains(u.status().getState()));
    }

    /** The latest state an update that is not a reconciliation answer reported. */
    public Optional<TaskState> lastReported() {
        List<Update> u = updates().stream().filter(x -> !x.reconciliation()).toList();
        return u.isEmpty() ? Optional.empty() : Optional.of(u.get(u.size() - 1).status().getState());
    }

    /**
     * The updates up to the one that ended the task (see {@link #ended()}), reconciliation answers included: what
     * the framework was told while the task still ran. (After the end, a master that never knew the task may answer
     * a reconciliation with TASK_UNKNOWN or TASK_LOST, as Mesos does for completed tasks it forgot.)
     */
    public List<Update> untilEnd() {
        List<Update> out = new java.util.ArrayList<>();
        for (Update u : updates) {
            out.add(u);
            if (!u.reconciliation() && TERMINAL.contains(u.status().getState())) {
                break;
            }
        }
        return out;
    }

    /** The states heard, in order; reconciliation answers are marked with {@code ~}. */
    public List<String> states() {
        return updates.stream().map(u -> (u.reconciliation() ? "~" : "") + u.status().getState().name()
                .replace("TASK_", "")).toList();
    }

    /**
     * Terminal updates that carry a uuid (the reliable ones, which the framework acknowledges), counted once per
     * uuid: exactly one for a task that ended and was reported once, however often a resend delivered it again.
     */
    public int terminalReports() {
        return (int) updates.stream().filter(u -> TERMINAL.contains(u.status().getState()))
                .map(u -> u.status().getUuid()).filter(uuid -> !uuid.isEmpty()).distinct().count();
    }

    /** How many deliveries repeated the uuid of an earlier one (legal: Mesos delivers at least once). */
    public int redeliveries() {
        List<ByteString> uuids = updates.stream().map(u -> u.status().getUuid()).filter(b -> !b.isEmpty())
                .toList();
        return uuids.size() - (int) uuids.stream().distinct().count();
    }

    /** The agents that updates named for this task. */
    public Set<String> agents() {
        return updates.stream().filter(u -> u.status().hasAgentId()).map(u -> u.status().getAgentId().getValue())
                .collect(Collectors.toSet());
    }

    @Override
    public String toString() {
        return id + " launches=" + launches.size() + " states=" + states() + " agents=" + agents();
    }
}
