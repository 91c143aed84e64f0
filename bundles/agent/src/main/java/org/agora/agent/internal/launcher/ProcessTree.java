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

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Signals a task's whole process tree: its top process and every descendant. Java offers no process groups, so the
 * tree is what {@link ProcessHandle#descendants()} finds, taken before the first signal so that processes orphaned by
 * it are still known. {@link ProcessHandle} checks the start time before signalling, so a reused pid is never hit.
 */
public final class ProcessTree {
    private ProcessTree() {
    }

    /** Sends SIGTERM to {@code root} and its descendants; returns the processes signalled, for {@link #kill}. */
    public static List<ProcessHandle> terminate(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        for (ProcessHandle p : tree) {
            p.destroy();
        }
        return tree;
    }

    /**
     * Sends SIGKILL to {@code root}, its current descendants and whatever of {@code known} (and their descendants) is
     * still alive.
     *
     * @return the pids killed
     */
    public static Set<Long> kill(ProcessHandle root, Collection<ProcessHandle> known) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        for (ProcessHandle p : known) {
            if (p.isAlive()) {
                tree.add(p);
                p.descendants().forEach(tree::add);
            }
        }
        Set<ProcessHandle> alive = tree.stream().filter(ProcessHandle::isAlive).collect(Collectors.toCollection(
                LinkedHashSet::new));
        for (ProcessHandle p : alive) {
            p.destroyForcibly();
        }
        return alive.stream().map(ProcessHandle::pid).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
