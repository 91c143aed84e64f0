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
package org.agora.services.internal.scheduler;

import java.util.List;
import org.agora.services.internal.instance.Instance;

/**
 * A kill asked for through the API: which instances, and what becomes of the app and the instances after.
 *
 * @param appId   the app, or null for tasks of any app ({@code POST /v2/tasks/delete})
 * @param taskIds the tasks, or null for every task of the app
 * @param host    only tasks on this agent host ({@code *}: any); null for no filter
 * @param scale   decrease the app's instance count by the number killed
 * @param wipe    forget the killed instances at once
 */
public record TaskKill(String appId, List<String> taskIds, String host, boolean scale, boolean wipe) {

    public TaskKill {
        taskIds = taskIds == null ? null : List.copyOf(taskIds);
    }

    /** Whether {@code i} is one of the instances to kill. */
    boolean selects(Instance i) {
        return (appId == null || i.appId().equals(appId))
                && (taskIds == null || taskIds.contains(i.taskId()))
                && (host == null || "*".equals(host) || host.equals(i.host()));
    }
}
