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
package org.agora.master.internal.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Task;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.MasterSnapshot;

/** Every task a master snapshot holds, each with its framework: what the task commands list, filter and complete. */
final class TaskRows {
    private TaskRows() {
    }

    /**
     * One task and the framework it belongs to.
     *
     * @param live whether the master still tracks it as not terminal
     */
    record Row(Task task, FrameworkSnapshot framework, boolean live) {
        String id() {
            return task.getTaskId().getValue();
        }

        /** The role its resources are allocated to (its framework's first role when they do not say). */
        String role() {
            for (Resource r : task.getResourcesList()) {
                if (r.hasAllocationInfo() && r.getAllocationInfo().hasRole()) {
                    return r.getAllocationInfo().getRole();
                }
            }
            return framework.roles().isEmpty() ? "*" : framework.roles().iterator().next();
        }
    }

    /** Live tasks first, then finished ones; frameworks the master knows, then torn-down ones. */
    static List<Row> all(MasterSnapshot s) {
        List<FrameworkSnapshot> frameworks = new ArrayList<>(s.frameworks().frameworks());
        frameworks.addAll(s.frameworks().completed());
        List<Row> rows = new ArrayList<>();
        frameworks.forEach(f -> f.tasks().forEach(t -> rows.add(new Row(t, f, true))));
        frameworks.forEach(f -> f.completedTasks().forEach(t -> rows.add(new Row(t, f, false))));
        return rows;
    }

    /**
     * The one task with this id (its live record when the master has both).
     *
     * @throws IllegalArgumentException naming the id when no task or several frameworks' tasks have it
     */
    static Row find(MasterSnapshot s, String taskId) {
        List<Row> matches = all(s).stream().filter(r -> r.id().equals(taskId)).toList();
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("Unknown task '" + taskId + "' (agora:tasks -c lists them)");
        }
        List<String> frameworks = matches.stream().map(r -> r.framework().id()).distinct().toList();
        if (frameworks.size() > 1) {
            throw new IllegalArgumentException("Task id '" + taskId + "' is used by several frameworks: "
                    + frameworks.stream().collect(Collectors.joining(", ")));
        }
        return matches.get(0);
    }
}
