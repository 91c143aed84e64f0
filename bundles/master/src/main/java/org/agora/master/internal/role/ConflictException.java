package org.agora.master.internal.role;

/** A well-formed request that the cluster's current state cannot satisfy (answered 409, as Mesos does). */
public final class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
