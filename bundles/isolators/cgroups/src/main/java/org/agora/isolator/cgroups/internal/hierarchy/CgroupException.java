package org.agora.isolator.cgroups.internal.hierarchy;

/** A cgroup operation failed; the message names the cgroup or control file and the reason. */
public class CgroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
