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
package org.agora.services.internal.app;

import java.util.Map;
import java.util.Optional;

/**
 * An app's secrets as Marathon declares them: {@code "secrets": {"s1": {"source": "db/prod@password"}}} and
 * environment variables that name one ({@code "env": {"DB": {"secret": "s1"}}}). Only references: the values never
 * reach the scheduler; the agent resolves them at launch through its {@code SecretResolver}.
 *
 * @param sources  secret id → source (a {@code Secret.Reference}: the name, with {@code @key} for a key)
 * @param envRefs  environment variable → secret id
 */
public record EnvSecrets(Map<String, String> sources, Map<String, String> envRefs) {

    /** No secrets. */
    public static final EnvSecrets NONE = new EnvSecrets(Map.of(), Map.of());

    public EnvSecrets {
        sources = Map.copyOf(sources);
        envRefs = Map.copyOf(envRefs);
    }

    /**
     * The reference's name and optional key of a source: {@code a/b@k} is name {@code a/b}, key {@code k} (the file
     * resolver's {@code <dir>/a/b/k}); without {@code @} the whole source is the name, as Marathon passes it.
     */
    public static Reference reference(String source) {
        int at = source.lastIndexOf('@');
        if (at < 0) {
            return new Reference(source, Optional.empty());
        }
        return new Reference(source.substring(0, at), Optional.of(source.substring(at + 1)));
    }

    /**
     * A {@code Secret.Reference}.
     *
     * @param name the secret's name
     * @param key  the key within it, if any
     */
    public record Reference(String name, Optional<String> key) {
    }
}
