package org.agora.master.internal.agent;

/** Where an agent stands with the master. */
public enum AgentState {
    /** Registered and heartbeating: its resources can be offered. */
    ACTIVE,
    /** Its channel broke; it keeps its resources until it comes back or the unreachable timeout passes. */
    DISCONNECTED,
    /** Silent longer than the unreachable timeout; recorded in the registry; may come back and re-register. */
    UNREACHABLE
}
