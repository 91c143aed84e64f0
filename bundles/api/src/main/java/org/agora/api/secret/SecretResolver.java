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
package org.agora.api.secret;

import java.util.concurrent.CompletionStage;
import org.agora.api.v1.Protos.Secret;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Resolves secrets to their values, as Mesos's {@code SecretResolver} module: a DS service that the agent binds
 * optionally and dynamically (installed, replaced or removed at runtime); with none bound, a task that names a secret
 * fails to launch.
 *
 * <p><b>Secrets.</b> A {@code Secret} of type {@code REFERENCE} names a secret in the resolver's store
 * ({@code reference.name}, and optionally {@code reference.key} within it): how the two map onto the store is the
 * resolver's to document. A {@code Secret} of type {@code VALUE} carries its value ({@code value.data}), which a
 * resolver passes through unchanged.
 *
 * <p><b>Threading.</b> {@link #resolve} may be called from any thread, concurrently. It should not block for long:
 * the agent calls it on a launcher thread and waits for the stage a bounded time (a stage that does not complete in
 * time fails the launch).
 *
 * <p><b>Errors.</b> A secret that cannot be resolved (unknown name or key, a malformed reference, an unreadable
 * store, an unknown type) fails the stage with a {@link SecretException} whose message names the secret's reference
 * (name and key) and says why. No message, log line or exception of a resolver ever contains a secret's value.
 */
@ConsumerType
public interface SecretResolver {

    /**
     * The value of {@code secret}.
     *
     * @return completes with the secret's value, or fails with a {@link SecretException}
     */
    CompletionStage<Secret.Value> resolve(Secret secret);

    /** How {@code secret} is named in messages: its reference (never its value). */
    static String describe(Secret secret) {
        return switch (secret.getType()) {
            case REFERENCE -> "'" + secret.getReference().getName() + "'"
                    + (secret.getReference().hasKey() ? " (key '" + secret.getReference().getKey() + "')" : "");
            case VALUE -> "of type VALUE";
            default -> "of type " + secret.getType();
        };
    }
}
