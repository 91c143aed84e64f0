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
package org.agora.scheduler.client.execute;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;

/** What {@code agora-execute} prints about tasks, and the exit status their ends make. */
final class TaskReports {

    /** States after which a task never changes again. */
    static final Set<TaskState> TERMINAL = EnumSet.of(TaskState.TASK_FINISHED, TaskState.TASK_FAILED,
            TaskState.TASK_KILLED, TaskState.TASK_ERROR, TaskState.TASK_LOST, TaskState.TASK_DROPPED,
            TaskState.TASK_GONE, TaskState.TASK_GONE_BY_OPERATOR);

    /** States that say something went wrong: their lines carry the message and the reason. */
    private static final Set<TaskState> TROUBLE = EnumSet.of(TaskState.TASK_FAILED, TaskState.TASK_KILLED,
            TaskState.TASK_ERROR, TaskState.TASK_LOST, TaskState.TASK_DROPPED, TaskState.TASK_GONE,
            TaskState.TASK_GONE_BY_OPERATOR, TaskState.TASK_UNREACHABLE, TaskState.TASK_UNKNOWN);

    private static final Pattern EXIT_STATUS = Pattern.compile("Command exited with status (\\d+)");

    private TaskReports() {
    }

    /**
     * {@code task ID STATE on agent AGENT (HOST)}, and for failures {@code : message (REASON)}.
     *
     * @param agentId  the agent, or empty when not known
     * @param hostname the agent's host name, or empty when not known
     */
    static String line(TaskStatus status, String agentId, String hostname) {
        StringBuilder line = new StringBuilder("task ").append(status.getTaskId().getValue()).append(' ')
                .append(status.getState().name());
        if (!agentId.isEmpty()) {
            line.append(" on agent ").append(agentId);
            if (!hostname.isEmpty()) {
                line.append(" (").append(hostname).append(')');
            }
        }
        if (TROUBLE.contains(status.getState())) {
            String message = status.getMessage().strip();
            if (!message.isEmpty()) {
                line.append(": ").append(message);
            }
            if (status.hasReason()) {
                line.append(message.isEmpty() ? ": " : " ").append('(').append(status.getReason().name())
                        .append(')');
            }
        }
        return line.toString();
    }

    /**
     * The exit status for tasks that all ended: 0 when every one FINISHED, else 1; for a single task that failed
     * with "Command exited with status N", N.
     */
    static int exitStatus(Collection<TaskStatus> ends) {
        if (!ends.isEmpty() && ends.stream().allMatch(s -> s.getState() == TaskState.TASK_FINISHED)) {
            return 0;
        }
        if (ends.size() == 1) {
            Matcher exited = EXIT_STATUS.matcher(ends.iterator().next().getMessage());
            if (exited.find()) {
                try {
                    int code = Integer.parseInt(exited.group(1));
                    return code > 0 && code < 256 ? code : 1;
                } catch (NumberFormatException e) {
                    return 1;
                }
            }
        }
        return 1;
    }

    /** {@code 3 tasks: 2 TASK_FINISHED, 1 TASK_FAILED}. */
    static String summary(Collection<TaskStatus> ends) {
        Map<String, Long> counts = ends.stream().collect(Collectors.groupingBy(s -> s.getState().name(),
                TreeMap::new, Collectors.counting()));
        return ends.size() + (ends.size() == 1 ? " task: " : " tasks: ") + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }
}
