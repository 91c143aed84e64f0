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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Successful logins remembered for a while: principal → salted SHA-256 of the secret that worked, and when that
 * stops counting. Compares digests in constant time. Bounded: when it holds {@link #MAX_ENTRIES} principals it
 * starts again empty (only principals that logged in successfully get in here, so reaching the bound means an
 * unusual number of real users, not an attack). Thread-safe.
 */
final class LoginCache {
    static final int MAX_ENTRIES = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(byte[] digest, long expiresAtNanos) {
    }

    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final byte[] salt = new byte[16];
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** @param nanoTime the clock, {@code System::nanoTime} outside tests */
    LoginCache(long ttlMs, LongSupplier nanoTime) {
        this.ttlNanos = ttlMs * 1_000_000L;
        this.nanoTime = nanoTime;
        RANDOM.nextBytes(salt);
    }

    /** True if {@code principal} logged in with {@code secret} less than the time to live ago. */
    boolean remembers(String principal, String secret) {
        if (ttlNanos <= 0) {
            return false;
        }
        Entry e = entries.get(principal);
        if (e == null) {
            return false;
        }
        if (nanoTime.getAsLong() - e.expiresAtNanos() >= 0) {
            entries.remove(principal, e);
            return false;
        }
        return MessageDigest.isEqual(e.digest(), digest(principal, secret));
    }

    /** Remembers that {@code principal} logged in with {@code secret} just now. */
    void remember(String principal, String secret) {
        if (ttlNanos <= 0) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(principal, new Entry(digest(principal, secret), nanoTime.getAsLong() + ttlNanos));
    }

    private byte[] digest(String principal, String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256"); // not thread-safe: one per call
            sha.update(salt);
            sha.update(principal.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return sha.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
