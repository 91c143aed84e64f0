package org.agora.agent.internal.launcher;

/** A local user account as the task runs under it. */
public record Account(String name, int uid, int gid) {
}
