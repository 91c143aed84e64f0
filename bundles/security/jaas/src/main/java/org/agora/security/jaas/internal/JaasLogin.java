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
package org.agora.security.jaas.internal;

import java.util.Arrays;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.CredentialException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.karaf.jaas.config.JaasRealm;

/**
 * One login to a JAAS realm through the JDK's own {@link LoginContext}, configured with the realm's entries (not
 * the JVM-wide JAAS configuration), so that the realm's login modules run with their control flags and options as
 * the operator declared them. The modules get the principal from a {@link NameCallback} and the secret from a
 * {@link PasswordCallback}; any other callback is refused.
 */
final class JaasLogin {
    /** How a login ended; {@code problem} says why for {@link Outcome#FAILED}. */
    record Result(Outcome outcome, String problem) {
    }

    enum Outcome {
        /** The realm's modules accepted the principal and secret. */
        ACCEPTED,
        /** The realm's modules refused them (unknown principal, wrong secret, locked or expired account). */
        REFUSED,
        /** The realm could not decide (a module misconfigured, a directory server unreachable): refused too. */
        FAILED
    }

    private JaasLogin() {
    }

    /** Blocks for as long as the realm's modules take (an LDAP module asks its server). */
    static Result login(JaasRealm realm, String principal, String secret) {
        AppConfigurationEntry[] entries = realm.getEntries();
        if (entries == null || entries.length == 0) {
            return new Result(Outcome.FAILED, "the realm has no login modules");
        }
        Configuration configuration = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return entries;
            }
        };
        char[] password = secret.toCharArray();
        CallbackHandler handler = callbacks -> answer(callbacks, principal, password);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads the modules' classes through the context class loader; the realm's own loader sees
        // them (Karaf's realms name org.apache.karaf.jaas.boot.ProxyLoginModule, which their bundles import).
        thread.setContextClassLoader(realm.getClass().getClassLoader());
        try {
            LoginContext context = new LoginContext(realm.getName(), new Subject(), handler, configuration);
            context.login();
            try {
                context.logout(); // we keep nothing of the subject: let the modules release what they hold
            } catch (LoginException e) {
                // the login itself succeeded; a module that cannot log out leaves nothing of ours behind
            }
            return new Result(Outcome.ACCEPTED, "");
        } catch (FailedLoginException | AccountException | CredentialException e) {
            return new Result(Outcome.REFUSED, String.valueOf(e.getMessage()));
        } catch (LoginException | RuntimeException e) {
            return new Result(Outcome.FAILED, e.getMessage() != null ? e.getMessage() : e.toString());
        } finally {
            thread.setContextClassLoader(previous);
            Arrays.fill(password, '\0');
        }
    }

    private static void answer(Callback[] callbacks, String principal, char[] password)
            throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(principal);
            } else if (callback instanceof PasswordCallback secret) {
                secret.setPassword(password); // copies it
            } else {
                throw new UnsupportedCallbackException(callback, "only a name and a password can be given");
            }
        }
    }
}
