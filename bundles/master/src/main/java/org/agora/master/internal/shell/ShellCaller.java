/*
 * Copyright 2026 the Agora authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except in compliance with
 * the License. You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software distributed under the License is distributed on
 * an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the
 * specific language governing permissions and limitations under the License.
 */
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
