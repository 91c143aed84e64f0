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
 * The containerizer the agent launches tasks through: a DS service that may come, go or be replaced at any time (a
 * {@code bundle:update} of its bundle unbinds the old instance, then binds the new one). A containerizer that arrives
 * is <em>bound</em> at once and becomes <em>current</em> (launches go through it) once it has recovered the running
 * containers, on the agent's actor ({@link #ready}).
 *
 * <p>Launches that would be isolated wait while there is no current containerizer but one is bound (recovering), or
 * one is {@linkplain #required() required} (the agent runs in OSGi, where tasks are never run unisolated: the
 * containerizer bundle is being updated, or has not started). Without a requirement and with none bound (tests,
 * embedding), tasks run as plain processes (no cgroups, no namespaces).
 */
public final class ContainerizerSlot {
    private final boolean required;
    private volatile Containerizer bound;
    private volatile Containerizer current;
    private volatile Consumer<Containerizer> onArrival = c -> { };
    private volatile Consumer<Containerizer> onDeparture = c -> { };

    /** A slot that may stay empty: tasks run as plain processes while it is. */
    public ContainerizerSlot() {
        this(false);
    }

    /** @param required launches wait for a containerizer rather than run unisolated */
    public ContainerizerSlot(boolean required) {
        this.required = required;
    }

    public boolean required() {
        return required;
    }

    /** The containerizer launches go through now: bound, and done recovering. */
    public Optional<Containerizer> current() {
        return Optional.ofNullable(current);
    }

    /** The containerizer last bound, recovered or not. */
    public Optional<Containerizer> bound() {
        return Optional.ofNullable(bound);
    }

    /** Whether an isolated launch must wait now instead of starting (through a containerizer, or plainly). */
    public boolean mustWait() {
        return current == null && (required || bound != null);
    }

    /** A containerizer arrived (DS thread): launches wait until it has recovered the running containers. */
    public void set(Containerizer containerizer) {
        bound = containerizer;
        current = null;
        onArrival.accept(containerizer);
    }

    /** A containerizer went away (DS thread); later calls to it fail. */
    public void clear(Containerizer containerizer) {
        if (bound != containerizer) {
            return;
        }
        bound = null;
        current = null;
        onDeparture.accept(containerizer);
    }

    /** {@code containerizer} recovered the running containers: launches go through it from now on (actor thread). */
    public boolean ready(Containerizer containerizer) {
        if (bound != containerizer) {
            return false; // it was replaced or went away while it recovered
        }
        current = containerizer;
        return true;
    }

    /** Called with each containerizer that arrives (to have it recover the running containers). */
    public void onArrival(Consumer<Containerizer> action) {
        onArrival = action;
    }

    /** Called with each containerizer that goes away. */
    public void onDeparture(Consumer<Containerizer> action) {
        onDeparture = action;
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
