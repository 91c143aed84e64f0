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
package org.agora.scheduler.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A principal and its secret, sent as HTTP Basic credentials. The secret never appears in {@link #toString()}.
 *
 * @param principal who the client authenticates as
 * @param secret    its secret
 */
public record BasicCredentials(String principal, String secret) {

    /**
     * @throws IllegalArgumentException if the principal is empty or holds a {@code :} or a control character, or the
     *     secret is empty or holds a control character: HTTP Basic cannot carry them, and a master would refuse them
     */
    public BasicCredentials {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(secret, "secret");
        if (principal.isEmpty() || principal.indexOf(':') >= 0 || hasControl(principal)) {
            throw new IllegalArgumentException("principal '" + principal.replaceAll("\\p{Cntrl}", "?")
                    + "': must be non-empty, without ':' or control characters (HTTP Basic)");
        }
        if (secret.isEmpty() || hasControl(secret)) {
            throw new IllegalArgumentException("the secret of principal '" + principal
                    + "': must be non-empty, without control characters (line breaks included)");
        }
    }

    /** The value of the {@code Authorization} header: {@code Basic base64(principal:secret)}, UTF-8. */
    public String header() {
        return "Basic " + Base64.getEncoder().encodeToString((principal + ":" + secret)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    @Override
    public String toString() {
        return "BasicCredentials[principal=" + principal + ", secret=(hidden)]";
    }
}
