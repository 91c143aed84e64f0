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
package org.agora.master.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.agora.api.security.Authenticator;
import org.agora.api.security.Principal;
import org.agora.master.internal.MasterSettings.SecuritySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates calls that must be: HTTP Basic credentials checked by the authenticator in use, off the network
 * threads (a JAAS realm may ask LDAP). A call that need not authenticate is anonymous, whatever it carries.
 * Successful checks are remembered for a short while under a hash of the secret, so a framework's every call does not
 * run a JAAS login; failures are not remembered. Thread-safe.
 */
public final class Guard {
    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
    private static final long REMEMBER_NANOS = 60_000_000_000L;
    private static final int REMEMBERED = 1024;

    /** What kind of call asks. */
    public enum Need { FRAMEWORK, READONLY, READWRITE, AGENT }

    private record Remembered(Principal principal, long untilNanos) {
    }

    private final SecuritySettings settings;
    private final RankedServices<Authenticator> authenticators;
    private final Executor executor;
    private final LongSupplier nanoTime;
    private final Map<String, Remembered> remembered = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > REMEMBERED;
        }
    };

    public Guard(SecuritySettings settings, RankedServices<Authenticator> authenticators, Executor executor,
            LongSupplier nanoTime) {
        this.settings = settings;
        this.authenticators = authenticators;
        this.executor = executor;
        this.nanoTime = nanoTime;
    }

    /** A guard that asks nothing of anyone: for tests and embedders without security. */
    public static Guard open() {
        return new Guard(new SecuritySettings(false, false, false, false, "", ""),
                new RankedServices<>(Authenticator::name, ""), Runnable::run, System::nanoTime);
    }

    public boolean required(Need need) {
        return switch (need) {
            case FRAMEWORK -> settings.authenticateFrameworks();
            case READONLY -> settings.authenticateHttpReadonly();
            case READWRITE -> settings.authenticateHttpReadwrite();
            case AGENT -> settings.authenticateAgents();
        };
    }

    /**
     * Who makes a call of kind {@code need} with the {@code Authorization} header {@code authorization}. Fails with
     * {@link AuthenticationException} when authentication is required and the credentials are missing, malformed or
     * wrong, or no authenticator is installed.
     */
    public CompletableFuture<Caller> authenticate(Optional<String> authorization, Need need) {
        if (!required(need)) {
            return CompletableFuture.completedFuture(Caller.ANONYMOUS);
        }
        if (authorization.isEmpty()) {
            return CompletableFuture.failedFuture(new AuthenticationException("Missing credentials: this endpoint "
                    + "requires HTTP Basic authentication", false));
        }
        String[] credential = basic(authorization.get());
        if (credential == null) {
            return CompletableFuture.failedFuture(new AuthenticationException("Malformed credentials: expected "
                    + "'Authorization: Basic base64(principal:secret)'", false));
        }
        Optional<Authenticator> authenticator = authenticators.current();
        if (authenticator.isEmpty()) {
            return CompletableFuture.failedFuture(new AuthenticationException("Authentication is required but the "
                    + "authenticator " + authenticators.describeChoice() + " is not installed", true));
        }
        String key = credential[0] + ":" + digest(credential[1]);
        Optional<Principal> known = lookup(key);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(Caller.of(known.get()));
        }
        return CompletableFuture.supplyAsync(() -> {
            Optional<Principal> principal;
            try {
                principal = authenticator.get().authenticate(credential[0], credential[1]);
            } catch (RuntimeException e) {
                LOG.error("Authenticator {} failed on principal '{}'", authenticator.get().name(), credential[0], e);
                principal = Optional.empty();
            }
            if (principal.isEmpty()) {
                LOG.info("Refused credentials of principal '{}' ({} call)", credential[0], need);
                throw new AuthenticationException("Invalid credentials for principal '" + credential[0] + "'", false);
            }
            remember(key, principal.get());
            return Caller.of(principal.get());
        }, executor);
    }

    private synchronized Optional<Principal> lookup(String key) {
        Remembered r = remembered.get(key);
        if (r == null || nanoTime.getAsLong() - r.untilNanos() > 0) {
            remembered.remove(key);
            return Optional.empty();
        }
        return Optional.of(r.principal());
    }

    private synchronized void remember(String key, Principal principal) {
        remembered.put(key, new Remembered(principal, nanoTime.getAsLong() + REMEMBER_NANOS));
    }

    /** principal and secret of a Basic header, or null when it is not one. */
    static String[] basic(String header) {
        String h = header.strip();
        if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static String digest(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
