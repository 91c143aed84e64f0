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
package org.agora.agent.internal.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds user accounts through the system's name service ({@code getent passwd}, so LDAP and other NSS sources count),
 * remembering found ones for a minute: a launch should not cost a lookup process. Used from the launcher threads.
 */
public final class UserAccounts {
    private static final long TTL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private record Cached(Account account, long expiresNanos) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @throws LaunchException when the user does not exist or the lookup fails
     */
    public Account lookup(String user) throws LaunchException {
        long now = System.nanoTime();
        Cached c = cache.get(user);
        if (c != null && now - c.expiresNanos() < 0) {
            return c.account();
        }
        Account a = query(user);
        cache.put(user, new Cached(a, now + TTL_NANOS));
        return a;
    }

    private static Account query(String user) throws LaunchException {
        if (user.isEmpty() || user.startsWith("-") || user.contains(":") || user.contains("\n")) {
            throw new LaunchException("'" + user + "' is not a valid user name");
        }
        String line;
        int exit;
        try {
            Process p = new ProcessBuilder("getent", "passwd", user).redirectErrorStream(true).start();
            line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LaunchException("looking up user '" + user + "' timed out");
            }
            exit = p.exitValue();
        } catch (IOException e) {
            throw new LaunchException("cannot look up user '" + user + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted looking up user '" + user + "'");
        }
        if (exit == 2 || exit == 0 && line.isEmpty()) {
            throw new LaunchException("user '" + user + "' does not exist on this agent");
        }
        String[] f = line.split(":", -1);
        if (exit != 0 || f.length < 4) {
            throw new LaunchException("cannot look up user '" + user + "': getent exited with " + exit + ": " + line);
        }
        try {
            return new Account(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]));
        } catch (NumberFormatException e) {
            throw new LaunchException("cannot look up user '" + user + "': unreadable entry '" + line + "'");
        }
    }

    /** The effective uid of this JVM (0 when the agent runs as root). */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name")) ? 0 : -1;
        }
    }
}
