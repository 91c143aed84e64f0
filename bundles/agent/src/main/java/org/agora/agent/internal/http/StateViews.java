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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.agent.internal.security.Caller;
import org.agora.agent.internal.task.TasksView;
import org.agora.api.security.Action;
import org.agora.api.v1.Protos.Task;

/**
 * What of the agent's frameworks, executors and tasks a caller may see, as Mesos's agent filters its {@code /state}:
 * a framework with VIEW_FRAMEWORK on its user, an executor (and with it its tasks) with VIEW_EXECUTOR on the user it
 * runs as, a task with VIEW_TASK on its user (else its framework's). Each decision is asked once per request.
 */
final class StateViews {
    private final Caller caller;
    private final Map<String, Boolean> decided = new HashMap<>();

    private StateViews(Caller caller) {
        this.caller = caller;
    }

    /** The frameworks {@code caller} may see, with only the executors and tasks it may see. */
    static List<TasksView.FrameworkView> visible(List<TasksView.FrameworkView> frameworks, Caller caller) {
        if (!caller.authorizing()) {
            return frameworks;
        }
        StateViews views = new StateViews(caller);
        List<TasksView.FrameworkView> out = new ArrayList<>();
        for (TasksView.FrameworkView f : frameworks) {
            if (views.may(Action.VIEW_FRAMEWORK, f.info().getUser())) {
                out.add(new TasksView.FrameworkView(f.info(), views.executors(f.executors(), f.info().getUser()),
                        views.executors(f.completedExecutors(), f.info().getUser())));
            }
        }
        return out;
    }

    /** Whether {@code caller} may see the executor (and, with it, its sandbox in listings). */
    static boolean mayView(TasksView.ExecutorView executor, Caller caller) {
        return caller.may(Action.VIEW_EXECUTOR, Optional.of(executor.user()));
    }

    private List<TasksView.ExecutorView> executors(List<TasksView.ExecutorView> executors, String frameworkUser) {
        List<TasksView.ExecutorView> out = new ArrayList<>();
        for (TasksView.ExecutorView e : executors) {
            if (may(Action.VIEW_EXECUTOR, e.user())) {
                out.add(new TasksView.ExecutorView(e.id(), e.name(), e.source(), e.containerId(), e.directory(),
                        e.resources(), tasks(e.tasks(), frameworkUser), tasks(e.completedTasks(), frameworkUser),
                        e.user()));
            }
        }
        return out;
    }

    private List<Task> tasks(List<Task> tasks, String frameworkUser) {
        return tasks.stream().filter(t -> may(Action.VIEW_TASK, t.hasUser() ? t.getUser() : frameworkUser))
                .toList();
    }

    private boolean may(Action action, String user) {
        return decided.computeIfAbsent(action + "\u0000" + user, k -> caller.may(action, Optional.of(user)));
    }
}
