package org.agora.master.internal.shell;

import org.agora.api.security.Principal;
import org.agora.master.internal.security.Caller;
import org.apache.karaf.shell.support.ShellUtil;

/**
 * Who changes the cluster from the shell: the Karaf user logged in to the session, as a principal of that name, so
 * the master's authorizer decides about {@code agora:quota set} as it does about UPDATE_QUOTA from that principal.
 * A session with no user (the local console without JAAS) is anonymous.
 */
final class ShellCaller {
    private ShellCaller() {
    }

    static Caller current() {
        String user = ShellUtil.getCurrentUserName();
        return user == null || user.isEmpty() ? Caller.ANONYMOUS : Caller.of(new Principal(user));
    }
}
