package org.agora.security.acl.internal;

/**
 * ACLs that cannot be used: a file missing or unreadable, JSON that does not parse, or an ACL that does not say
 * what Mesos's ACL format allows. The message names the source (the file, or the inline option) and the place
 * (line and column, or the JSON path such as {@code run_tasks[2].users.type}) and the problem.
 */
final class AclException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AclException(String message) {
        super(message);
    }

    AclException(String message, Throwable cause) {
        super(message, cause);
    }
}
