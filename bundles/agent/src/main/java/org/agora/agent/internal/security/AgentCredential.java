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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.agora.api.json.JsonParseException;
import org.agora.api.json.ProtoJson;
import org.agora.api.v1.Protos.Credential;

/**
 * The principal and secret the agent presents to the master (HTTP Basic on the agent channel's WebSocket upgrade),
 * from the file Mesos's {@code --credential} names: a JSON object {@code {"principal": "...", "secret": "..."}}, or a
 * text file whose first line is the principal and the secret separated by whitespace.
 *
 * @param principal never empty
 * @param secret may be empty
 */
public record AgentCredential(String principal, String secret) {

    /**
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static AgentCredential read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("credential: cannot read " + file + ": " + e, e);
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            Credential c;
            try {
                c = ProtoJson.merge(trimmed, Credential.newBuilder()).buildPartial();
            } catch (JsonParseException e) {
                throw new IllegalArgumentException("credential: " + file + " is not a credential in JSON: "
                        + e.getMessage(), e);
            }
            return checked(file, c.getPrincipal(), c.getSecret());
        }
        String firstLine = trimmed.lines().findFirst().orElse("");
        String[] words = firstLine.strip().split("\\s+");
        if (words.length != 2) {
            throw new IllegalArgumentException("credential: " + file + " holds neither a JSON object {\"principal\": "
                    + "..., \"secret\": ...} nor a line 'principal secret'");
        }
        return checked(file, words[0], words[1]);
    }

    private static AgentCredential checked(Path file, String principal, String secret) {
        if (principal.isEmpty()) {
            throw new IllegalArgumentException("credential: " + file + " names no principal");
        }
        if (principal.indexOf(':') >= 0) {
            throw new IllegalArgumentException("credential: " + file + ": a principal sent with HTTP Basic cannot "
                    + "contain ':'");
        }
        return new AgentCredential(principal, secret);
    }

    /** The value of the {@code Authorization} header that presents this credential. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((principal + ":" + secret)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Without the secret, for logs. */
    @Override
    public String toString() {
        return "credential of principal '" + principal + "'";
    }
}
