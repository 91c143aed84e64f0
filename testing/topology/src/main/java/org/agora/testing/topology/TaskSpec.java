package org.agora.testing.topology;

import java.util.Optional;

/**
 * A task for a {@link TrackingFramework} to launch: {@code command} runs with {@code sh -c} in {@code cpus} and
 * {@code mem} (MB) of unreserved resources; {@code agentId}, when given, pins it to that agent's offers.
 */
public record TaskSpec(String id, double cpus, double mem, String command, Optional<String> agentId) {

    /** A task that may run on any agent. */
    public TaskSpec(String id, double cpus, double mem, String command) {
        this(id, cpus, mem, command, Optional.empty());
    }

    /** The same task, pinned to agent {@code agentId}. */
    public TaskSpec on(String agentId) {
        return new TaskSpec(id, cpus, mem, command, Optional.of(agentId));
    }
}
