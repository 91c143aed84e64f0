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
