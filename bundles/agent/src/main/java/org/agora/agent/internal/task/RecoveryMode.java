package org.agora.agent.internal.task;

import java.util.Locale;

/** What an agent restart does to checkpointed tasks (Mesos's {@code --recover}). */
public enum RecoveryMode {
    /** Stopping the agent leaves checkpointed tasks running; the next agent adopts them (Mesos's default). */
    RECONNECT,
    /** Stopping the agent kills every task; the next agent kills whatever an earlier one left running. */
    CLEANUP;

    /**
     * @throws IllegalArgumentException for anything but reconnect or cleanup
     */
    public static RecoveryMode parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "reconnect" -> RECONNECT;
            case "cleanup" -> CLEANUP;
            default -> throw new IllegalArgumentException("'" + value + "' is not reconnect or cleanup");
        };
    }

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
