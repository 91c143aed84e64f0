package org.agora.agent.internal.security;

/**
 * Whom an executor token was given to: one executor, in one container, of one framework (Mesos's claims {@code fid},
 * {@code eid} and {@code cid}).
 */
public record ExecutorClaims(String frameworkId, String executorId, String containerId) {

    /** Whether the token was given to the executor {@code executorId} of {@code frameworkId}. */
    public boolean names(String frameworkId, String executorId) {
        return this.frameworkId.equals(frameworkId) && this.executorId.equals(executorId);
    }

    @Override
    public String toString() {
        return "executor " + executorId + " of framework " + frameworkId + " in container " + containerId;
    }
}
