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

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;

/**
 * The frameworks with tasks on the agent, and the last completed ones (for /state). A framework is added with its
 * first task and completed when its last task is forgotten, as Mesos's agent removes idle frameworks. Touched only
 * on the agent's actor thread.
 */
final class Frameworks {
    /** Mesos keeps this many completed frameworks. */
    static final int MAX_COMPLETED = 50;

    private final Map<String, FrameworkRecord> live = new LinkedHashMap<>();
    private final ArrayDeque<TasksView.FrameworkView> completed = new ArrayDeque<>();

    FrameworkRecord get(FrameworkID id) {
        return live.get(id.getValue());
    }

    /** The framework's record, added or with its FrameworkInfo updated (the latest RunTask's wins). */
    FrameworkRecord add(FrameworkInfo info) {
        FrameworkRecord fw = live.get(info.getId().getValue());
        if (fw == null) {
            fw = new FrameworkRecord(info);
            live.put(info.getId().getValue(), fw);
        } else {
            fw.info = info;
        }
        return fw;
    }

    Collection<FrameworkRecord> all() {
        return List.copyOf(live.values());
    }

    /** Moves a framework without tasks to the completed ones. */
    void complete(FrameworkRecord fw) {
        live.remove(fw.id());
        completed.addLast(new TasksView.FrameworkView(fw.info, List.of(), List.copyOf(fw.completedExecutors)));
        while (completed.size() > MAX_COMPLETED) {
            completed.removeFirst();
        }
    }

    /** The frameworks with work on the agent. */
    Collection<FrameworkRecord> live() {
        return live.values();
    }

    /** The completed frameworks, newest last. */
    List<TasksView.FrameworkView> completed() {
        return List.copyOf(completed);
    }
}
