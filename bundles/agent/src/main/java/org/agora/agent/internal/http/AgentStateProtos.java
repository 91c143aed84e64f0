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
package org.agora.agent.internal.http;

import java.util.List;
import java.util.Map;
import org.agora.agent.internal.Agent;
import org.agora.agent.internal.security.Caller;
import org.agora.agent.internal.task.TasksView;
import org.agora.api.Versions;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.v1.Protos.Flag;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.VersionInfo;
import org.agora.api.v1.agent.Protos.Response.GetAgent;
import org.agora.api.v1.agent.Protos.Response.GetExecutors;
import org.agora.api.v1.agent.Protos.Response.GetFlags;
import org.agora.api.v1.agent.Protos.Response.GetFrameworks;
import org.agora.api.v1.agent.Protos.Response.GetState;
import org.agora.api.v1.agent.Protos.Response.GetTasks;

/**
 * The agent's state as the v1 agent operator API answers it (GET_STATE, GET_FRAMEWORKS, GET_EXECUTORS, GET_TASKS,
 * GET_AGENT, GET_FLAGS, GET_VERSION), from an immutable {@link Agent.AgentSnapshot}. What a caller sees is what
 * {@link StateViews} lets it see, as for {@code /state}. Tasks are sorted as Mesos's agent sorts them: not yet terminal
 * ({@code launched_tasks}: the agent plays the command and default executors, so a task it took on is launched),
 * terminal with a status update not yet acknowledged ({@code terminated_tasks}), terminal and acknowledged
 * ({@code completed_tasks}); {@code pending_tasks} and {@code queued_tasks} stay empty.
 */
final class AgentStateProtos {
    private AgentStateProtos() {
    }

    /** The frameworks, executors and tasks of {@code s} that {@code caller} may see. */
    static GetState state(Agent.AgentSnapshot s, Caller caller) {
        Visible v = visible(s, caller);
        return GetState.newBuilder().setGetTasks(tasks(v)).setGetExecutors(executors(v))
                .setGetFrameworks(frameworks(v)).build();
    }

    static GetFrameworks frameworks(Agent.AgentSnapshot s, Caller caller) {
        return frameworks(visible(s, caller));
    }

    static GetExecutors executors(Agent.AgentSnapshot s, Caller caller) {
        return executors(visible(s, caller));
    }

    static GetTasks tasks(Agent.AgentSnapshot s, Caller caller) {
        return tasks(visible(s, caller));
    }

    static GetAgent agent(Agent.AgentSnapshot s) {
        return GetAgent.newBuilder().setAgentInfo(s.info()).build();
    }

    static GetFlags flags(Map<String, String> flags) {
        GetFlags.Builder b = GetFlags.newBuilder();
        flags.forEach((k, v) -> b.addFlags(Flag.newBuilder().setName(k).setValue(v)));
        return b.build();
    }

    static VersionInfo version() {
        return VersionInfo.newBuilder().setVersion(Versions.MESOS_API).setGitTag("agora-" + Versions.AGORA).build();
    }

    /** The frameworks with work on the agent and those whose work ended, as {@code caller} may see them. */
    private record Visible(List<TasksView.FrameworkView> live, List<TasksView.FrameworkView> completed) {
    }

    private static Visible visible(Agent.AgentSnapshot s, Caller caller) {
        return new Visible(StateViews.visible(s.tasks().frameworks(), caller),
                StateViews.visible(s.tasks().completedFrameworks(), caller));
    }

    private static GetFrameworks frameworks(Visible v) {
        GetFrameworks.Builder b = GetFrameworks.newBuilder();
        v.live().forEach(f -> b.addFrameworks(GetFrameworks.Framework.newBuilder().setFrameworkInfo(f.info())));
        v.completed().forEach(f -> b.addCompletedFrameworks(GetFrameworks.Framework.newBuilder()
                .setFrameworkInfo(f.info())));
        return b.build();
    }

    private static GetExecutors executors(Visible v) {
        GetExecutors.Builder b = GetExecutors.newBuilder();
        for (TasksView.FrameworkView f : v.live()) {
            f.executors().forEach(e -> b.addExecutors(executor(f, e)));
            f.completedExecutors().forEach(e -> b.addCompletedExecutors(executor(f, e)));
        }
        for (TasksView.FrameworkView f : v.completed()) {
            f.executors().forEach(e -> b.addCompletedExecutors(executor(f, e)));
            f.completedExecutors().forEach(e -> b.addCompletedExecutors(executor(f, e)));
        }
        return b.build();
    }

    private static GetExecutors.Executor executor(TasksView.FrameworkView f, TasksView.ExecutorView e) {
        ExecutorInfo.Builder info = ExecutorInfo.newBuilder().setExecutorId(e.id()).setFrameworkId(f.info().getId())
                .setName(e.name()).addAllResources(e.resources());
        if (!e.source().isEmpty()) {
            info.setSource(e.source());
        }
        return GetExecutors.Executor.newBuilder().setExecutorInfo(info).build();
    }

    private static GetTasks tasks(Visible v) {
        GetTasks.Builder b = GetTasks.newBuilder();
        for (List<TasksView.FrameworkView> frameworks : List.of(v.live(), v.completed())) {
            for (TasksView.FrameworkView f : frameworks) {
                for (TasksView.ExecutorView e : f.executors()) {
                    e.tasks().forEach(t -> add(b, t));
                    e.completedTasks().forEach(t -> add(b, t));
                }
                for (TasksView.ExecutorView e : f.completedExecutors()) {
                    e.tasks().forEach(t -> add(b, t));
                    e.completedTasks().forEach(t -> add(b, t));
                }
            }
        }
        return b.build();
    }

    private static void add(GetTasks.Builder b, Task t) {
        if (!terminal(t.getState())) {
            b.addLaunchedTasks(t);
        } else if (t.hasStatusUpdateUuid()) {
            b.addTerminatedTasks(t);
        } else {
            b.addCompletedTasks(t);
        }
    }

    private static boolean terminal(TaskState state) {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_LOST, TASK_ERROR, TASK_DROPPED, TASK_GONE,
                    TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }
}
