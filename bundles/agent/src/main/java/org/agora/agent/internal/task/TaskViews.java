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

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;

/**
 * What the agent runs, as it tells a master when it re-registers and as its /state shows it: command tasks (each its
 * own executor), default executors with their groups' tasks, custom executors with theirs. Actor thread only; the
 * views it builds are immutable.
 */
final class TaskViews {
    private TaskViews() {
    }

    /**
     * The Task master and agent report for {@code info}: its latest state and statuses, the TaskInfo fields Mesos
     * carries over, the user it runs as, and the update waiting for acknowledgement. Executor id is the caller's.
     */
    static Task.Builder task(TaskInfo info, FrameworkID frameworkId, AgentID agentId, TaskState state,
            List<TaskStatus> statuses, String user, Optional<TaskStatus> inFlight) {
        Task.Builder t = Task.newBuilder().setName(info.getName()).setTaskId(info.getTaskId())
                .setFrameworkId(frameworkId).setAgentId(agentId).setState(state)
                .addAllResources(info.getResourcesList()).addAllStatuses(statuses).putAllLimits(info.getLimitsMap());
        if (info.hasLabels()) {
            t.setLabels(info.getLabels());
        }
        if (info.hasDiscovery()) {
            t.setDiscovery(info.getDiscovery());
        }
        if (info.hasContainer()) {
            t.setContainer(info.getContainer());
        }
        if (info.hasHealthCheck()) {
            t.setHealthCheck(info.getHealthCheck());
        }
        if (info.hasKillPolicy()) {
            t.setKillPolicy(info.getKillPolicy());
        }
        if (!user.isEmpty()) {
            t.setUser(user);
        }
        inFlight.ifPresent(s -> t.setStatusUpdateState(s.getState()).setStatusUpdateUuid(s.getUuid()));
        return t;
    }

    /** Every live framework, task (not yet terminal-and-acknowledged) and running executor, for a re-registration. */
    static void describe(ReregisterAgent.Builder message, Frameworks frameworks, AgentID agentId,
            InFlight inFlight) {
        for (FrameworkRecord fw : frameworks.live()) {
            message.addFrameworks(fw.info);
            for (TaskRun run : fw.runs.values()) {
                message.addTasks(run.toTask(agentId, inFlight.of(run.frameworkId, run.info.getTaskId())));
            }
            for (Map.Entry<String, ExecutorRun> e : fw.executorTasks.entrySet()) {
                ExecutorTask t = e.getValue().task(e.getKey());
                message.addTasks(t.toTask(agentId, fw.info.getId(), e.getValue().user,
                        inFlight.of(fw.info.getId(), t.info.getTaskId())));
            }
            fw.executors.values().forEach(e -> message.addExecutors(e.info));
            fw.defaultExecutors.values().forEach(e -> message.addExecutors(e.info));
        }
    }

    static TasksView view(Frameworks frameworks, AgentID agentId, InFlight inFlight) {
        List<TasksView.FrameworkView> out = new ArrayList<>();
        for (FrameworkRecord fw : frameworks.live()) {
            List<TasksView.ExecutorView> executors = new ArrayList<>();
            Map<DefaultExecutor, List<TaskRun>> grouped = new IdentityHashMap<>();
            for (TaskRun run : fw.runs.values()) {
                if (run.group == null) {
                    executors.add(run.view(agentId, inFlight.of(run.frameworkId, run.info.getTaskId())));
                } else {
                    grouped.computeIfAbsent(run.group.executor, k -> new ArrayList<>()).add(run);
                }
            }
            grouped.forEach((executor, runs) -> executors.add(defaultExecutor(executor, runs, agentId, inFlight,
                    fw.info.getUser())));
            Map<ExecutorRun, Boolean> custom = new IdentityHashMap<>();
            fw.executors.values().forEach(e -> custom.put(e, true));
            fw.executorTasks.values().forEach(e -> custom.put(e, true));
            custom.keySet().forEach(e -> executors.add(executor(e, agentId,
                    id -> inFlight.of(fw.info.getId(), id))));
            out.add(new TasksView.FrameworkView(fw.info, executors, List.copyOf(fw.completedExecutors)));
        }
        return new TasksView(out, frameworks.completed());
    }

    private static TasksView.ExecutorView defaultExecutor(DefaultExecutor executor, List<TaskRun> runs,
            AgentID agentId, InFlight inFlight, String frameworkUser) {
        List<Task> live = new ArrayList<>();
        List<Task> done = new ArrayList<>();
        for (TaskRun run : runs) {
            Task t = run.toTask(agentId, inFlight.of(run.frameworkId, run.info.getTaskId()));
            (run.isTerminal() ? done : live).add(t);
        }
        return new TasksView.ExecutorView(executor.info.getExecutorId(), name(executor.info.getName(),
                "Default Executor"), executor.info.getSource(), executor.containerId, executor.sandbox,
                executor.info.getResourcesList(), live, done, executor.info.getCommand().hasUser()
                        ? executor.info.getCommand().getUser() : frameworkUser);
    }

    /** A custom executor, its live tasks and those it completed. */
    static TasksView.ExecutorView executor(ExecutorRun executor, AgentID agentId,
            Function<TaskID, Optional<TaskStatus>> inFlight) {
        List<Task> live = new ArrayList<>();
        List<Task> done = new ArrayList<>(executor.completedTasks);
        for (ExecutorTask t : executor.tasks.values()) {
            Task task = t.toTask(agentId, executor.frameworkId, executor.user, inFlight.apply(t.info.getTaskId()));
            (t.isTerminal() ? done : live).add(task);
        }
        return new TasksView.ExecutorView(executor.info.getExecutorId(), name(executor.info.getName(),
                "Executor " + executor.id()), executor.info.getSource(), executor.containerId, executor.sandbox,
                executor.info.getResourcesList(), live, done, executor.user);
    }

    private static String name(String name, String fallback) {
        return name.isEmpty() ? fallback : name;
    }

    /** The update of a task that waits for its acknowledgement. */
    @FunctionalInterface
    interface InFlight {
        Optional<TaskStatus> of(org.agora.api.v1.Protos.FrameworkID frameworkId, TaskID taskId);
    }
}
