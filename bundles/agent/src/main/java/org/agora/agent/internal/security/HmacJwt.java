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
package org.agora.agent.internal.security;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.agora.api.json.Json;
import org.agora.api.json.JsonTree;

/**
 * JSON Web Tokens signed with HMAC-SHA256 (RFC 7519, {@code "alg":"HS256"}), as Mesos signs executors' tokens. Only
 * tokens of exactly that algorithm are accepted (never {@code "none"}), the signature is compared in constant time and
 * checked before anything of the token is parsed, and an {@code exp} claim, when present, must lie in the future.
 * Claims are strings (and {@code exp}, seconds since the epoch). Thread-safe.
 */
final class HmacJwt {
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String HEADER = ENCODER.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    /** The longest token looked at; an executor's is a few hundred bytes. */
    private static final int MAX_LENGTH = 8192;

    private final SecretKeySpec key;
    private final Clock clock;

    HmacJwt(byte[] key, Clock clock) {
        if (key.length == 0) {
            throw new IllegalArgumentException("an HMAC key is not empty");
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.clock = clock;
    }

    /** A token carrying {@code claims}. */
    String sign(Map<String, String> claims) {
        String payload = ENCODER.encodeToString(Json.write(new LinkedHashMap<>(claims))
                .getBytes(StandardCharsets.UTF_8));
        String signed = HEADER + "." + payload;
        return signed + "." + ENCODER.encodeToString(mac(signed));
    }

    /**
     * @return the claims of a token this key signed
     * @throws InvalidTokenException saying why the token proves nothing
     */
    Map<String, Object> verify(String token) throws InvalidTokenException {
        if (token.length() > MAX_LENGTH) {
            throw new InvalidTokenException("the token is longer than " + MAX_LENGTH + " characters");
        }
        int first = token.indexOf('.');
        int last = token.lastIndexOf('.');
        if (first < 0 || first == last || token.indexOf('.', first + 1) != last) {
            throw new InvalidTokenException("a token has three parts separated by '.'");
        }
        byte[] signature;
        try {
            signature = DECODER.decode(token.substring(last + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("the signature is not base64url");
        }
        if (!MessageDigest.isEqual(mac(token.substring(0, last)), signature)) {
            throw new InvalidTokenException("the signature does not match: forged, or signed with another key");
        }
        Map<String, Object> header = part(token.substring(0, first), "header");
        if (!"HS256".equals(header.get("alg"))) {
            throw new InvalidTokenException("the algorithm is not HS256");
        }
        Map<String, Object> claims = part(token.substring(first + 1, last), "claims");
        Object exp = claims.get("exp");
        if (exp != null && (!(exp instanceof Long seconds) || seconds <= clock.instant().getEpochSecond())) {
            throw new InvalidTokenException("the token expired");
        }
        return claims;
    }

    /**
     * The header or claim set: a flat JSON object whose values are strings or whole numbers (as {@link Long}); nesting,
     * arrays, other values, a repeated name or trailing text are refused.
     */
    private static Map<String, Object> part(String base64, String what) throws InvalidTokenException {
        Object tree;
        try {
            tree = JsonTree.parse(new String(DECODER.decode(base64), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("the " + what + " is not a JSON object: " + e.getMessage());
        }
        if (!(tree instanceof Map<?, ?> object)) {
            throw new InvalidTokenException("the " + what + " is not a JSON object");
        }
        Map<String, Object> members = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : object.entrySet()) {
            Object value = e.getValue();
            if (value instanceof BigDecimal n) {
                try {
                    value = n.longValueExact();
                } catch (ArithmeticException notWhole) {
                    value = null;
                }
            }
            if (!(value instanceof String) && !(value instanceof Long)) {
                throw new InvalidTokenException("the " + what + " is not a JSON object of strings and whole numbers: "
                        + "'" + e.getKey() + "' is not one");
            }
            members.put((String) e.getKey(), value);
        }
        return members;
    }

    private byte[] mac(String signed) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // every JDK has HmacSHA256
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
