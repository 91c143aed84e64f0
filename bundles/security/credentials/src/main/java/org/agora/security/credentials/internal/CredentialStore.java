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
package org.agora.security.credentials.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.agora.api.security.Principal;

/**
 * The loaded credentials, immutable. Holds a salted SHA-256 digest of each secret, not the secret, and checks a
 * presented secret by comparing digests with {@link MessageDigest#isEqual} (time independent of where they differ,
 * and of the stored secret's length, since all digests are 32 bytes). An unknown principal costs the same digest
 * and comparison against a dummy, so the time of an answer does not tell which principals exist.
 */
final class CredentialStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] salt = new byte[16];
    private final Map<String, byte[]> digests;
    private final byte[] dummy;

    CredentialStore(Map<String, String> secrets) {
        RANDOM.nextBytes(salt);
        Map<String, byte[]> d = new HashMap<>();
        secrets.forEach((principal, secret) -> d.put(principal, digest(secret)));
        this.digests = Map.copyOf(d);
        byte[] noise = new byte[16];
        RANDOM.nextBytes(noise);
        this.dummy = digest(new String(noise, StandardCharsets.ISO_8859_1));
    }

    /** The principal if {@code secret} is its secret; empty otherwise, also for null arguments. */
    Optional<Principal> check(String principal, String secret) {
        if (principal == null || secret == null || principal.isEmpty()) {
            return Optional.empty();
        }
        byte[] expected = digests.get(principal);
        boolean equal = MessageDigest.isEqual(expected == null ? dummy : expected, digest(secret));
        return equal && expected != null ? Optional.of(new Principal(principal)) : Optional.empty();
    }

    int size() {
        return digests.size();
    }

    private byte[] digest(String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256"); // not thread-safe: one per call
            sha.update(salt);
            return sha.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
