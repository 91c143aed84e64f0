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
package org.agora.agent.internal.launcher;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.agora.api.containerizer.Containerizer;

/**
 * The containerizer the agent launches tasks through, when one is installed: a DS service that may come, go or be
 * replaced at any time. Without one, tasks run as plain processes (no cgroups, no namespaces).
 */
public final class ContainerizerSlot {
    private volatile Containerizer current;
    private volatile Consumer<Containerizer> onArrival = c -> { };

    public Optional<Containerizer> current() {
        return Optional.ofNullable(current);
    }

    public void set(Containerizer containerizer) {
        current = containerizer;
        onArrival.accept(containerizer);
    }

    public void clear(Containerizer containerizer) {
        if (current == containerizer) {
            current = null;
        }
    }

    /** Called with each containerizer that arrives (to have it recover the running containers). */
    public void onArrival(Consumer<Containerizer> action) {
        onArrival = action;
    }

    /**
     * The container id of a task's process: its sandbox's run directory name (a UUID, as Mesos's container ids), so a
     * restarted agent finds it again from the checkpointed sandbox path. A task of a task group lives in
     * {@code <executor run>/tasks/<task>}: its id joins both, since the agent runs each such task as its own container.
     */
    public static String containerId(Path sandbox, boolean nested) {
        if (nested && sandbox.getParent() != null && sandbox.getParent().getParent() != null) {
            return sandbox.getParent().getParent().getFileName() + "." + sandbox.getFileName();
        }
        return sandbox.getFileName().toString();
    }
}
