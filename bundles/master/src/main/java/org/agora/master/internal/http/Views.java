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
package org.agora.master.internal.http;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agora.api.security.Action;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.master.Protos.Response.GetExecutors;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.security.Permissions;

/**
 * What a caller may see of the master's state, as Mesos filters its state endpoints: frameworks by VIEW_FRAMEWORK
 * on their user, tasks by VIEW_TASK and executors by VIEW_EXECUTOR on the user they run as, roles' weights by
 * VIEW_ROLE and quotas by GET_QUOTA on the role. Without an authorizer everything is visible.
 */
final class Views {
    private Views() {
    }

    static MasterSnapshot visible(MasterSnapshot s, Caller caller, Permissions permissions) {
        FrameworkSnapshot.All all = s.frameworks();
        FrameworkSnapshot.All frameworks = new FrameworkSnapshot.All(visible(all.frameworks(), caller, permissions),
                visible(all.completed(), caller, permissions));
        Map<String, Double> weights = new LinkedHashMap<>();
        s.weights().forEach((role, w) -> {
            if (permissions.allows(caller, Action.VIEW_ROLE, role)) {
                weights.put(role, w);
            }
        });
        List<QuotaConfig> quotas = s.quotas().stream()
                .filter(q -> permissions.allows(caller, Action.GET_QUOTA, q.getRole())).toList();
        return new MasterSnapshot(s.self(), s.leading(), s.leader(), s.startTime(), s.electedTime(), s.agents(),
                s.recoveredAgents(), frameworks, s.offeredByAgent(), s.allocator(), s.allocatorMetrics(), weights,
                quotas, s.endedTasks());
    }

    private static List<FrameworkSnapshot> visible(List<FrameworkSnapshot> frameworks, Caller caller,
            Permissions permissions) {
        Decisions may = new Decisions(caller, permissions);
        List<FrameworkSnapshot> out = new ArrayList<>();
        for (FrameworkSnapshot f : frameworks) {
            String user = f.info().getUser();
            if (!may.allow(Action.VIEW_FRAMEWORK, user)) {
                continue;
            }
            List<Task> tasks = f.tasks().stream().filter(t -> may.allow(Action.VIEW_TASK, userOf(t, user)))
                    .toList();
            List<Task> completed = f.completedTasks().stream().filter(t -> may.allow(Action.VIEW_TASK,
                    userOf(t, user))).toList();
            List<GetExecutors.Executor> executors = f.executors().stream().filter(e -> may.allow(
                    Action.VIEW_EXECUTOR, e.getExecutorInfo().getCommand().hasUser()
                            ? e.getExecutorInfo().getCommand().getUser() : user)).toList();
            out.add(new FrameworkSnapshot(f.info(), f.connected(), f.active(), f.recovered(), f.registeredTime(),
                    f.reregisteredTime(), f.unregisteredTime(), f.roles(), tasks, completed, f.offers(), executors,
                    f.usage(), f.offered()));
        }
        return out;
    }

    /**
     * The caller's permissions as one view asks them: each action on each user is asked of the authorizer once. A
     * state of 100,000 tasks asks VIEW_TASK for every task, and its tasks run as a handful of users.
     */
    private static final class Decisions {
        private final Caller caller;
        private final Permissions permissions;
        private final Map<Action, Map<String, Boolean>> asked = new EnumMap<>(Action.class);

        Decisions(Caller caller, Permissions permissions) {
            this.caller = caller;
            this.permissions = permissions;
        }

        boolean allow(Action action, String user) {
            return asked.computeIfAbsent(action, a -> new HashMap<>()).computeIfAbsent(user,
                    u -> permissions.allows(caller, action, u));
        }
    }

    /** The user a task runs as: its own, else its framework's. */
    static String userOf(Task task, String frameworkUser) {
        return task.hasUser() && !task.getUser().isEmpty() ? task.getUser() : frameworkUser;
    }
}
