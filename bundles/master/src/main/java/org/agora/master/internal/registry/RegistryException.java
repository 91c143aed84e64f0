package org.agora.master.internal.registry;

/** The registry could not be read or written; the message names the znode and the ZooKeeper error. */
public final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
