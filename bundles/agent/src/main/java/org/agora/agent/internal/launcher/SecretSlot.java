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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import com.google.protobuf.ByteString;
import org.agora.api.secret.SecretException;
import org.agora.api.secret.SecretResolver;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.Environment;
import org.agora.api.v1.Protos.Secret;
import org.agora.api.v1.Protos.Volume;

/**
 * The secret resolver the agent resolves tasks' secrets through: a DS service that may come, go or be replaced at
 * any time; a launch uses whichever is bound when it resolves. Resolution happens on a launcher thread, at launch,
 * and its values go only into the environment handed to the task's process: the task's {@code TaskInfo} (stored,
 * checkpointed, reported in {@code /state}) keeps the references, and no message or log line carries a value.
 */
public final class SecretSlot {
    /** How long a launch waits for a resolver's answer. */
    static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(30);

    private volatile SecretResolver resolver;

    /** A resolver arrived (DS thread); launches from now on resolve through it. */
    public void set(SecretResolver r) {
        resolver = r;
    }

    /** A resolver went away (DS thread); nothing changes if another one has replaced it already. */
    public void clear(SecretResolver r) {
        if (resolver == r) {
            resolver = null;
        }
    }

    public Optional<SecretResolver> current() {
        return Optional.ofNullable(resolver);
    }

    /**
     * The values of the command's {@code SECRET} environment variables, by variable name (empty when it has none).
     * Blocks up to {@link #RESOLVE_TIMEOUT} per secret: call it on a launcher thread.
     *
     * @throws LaunchException naming the variable and the secret's reference when a secret cannot be resolved, is
     *     malformed, or no resolver is installed
     */
    public Map<String, String> resolve(CommandInfo command) throws LaunchException {
        Map<String, String> values = new LinkedHashMap<>();
        for (Environment.Variable v : command.getEnvironment().getVariablesList()) {
            if (v.getType() == Environment.Variable.Type.SECRET) {
                values.put(v.getName(), resolve(v));
            }
        }
        return values;
    }

    private String resolve(Environment.Variable v) throws LaunchException {
        String what = "environment variable '" + v.getName() + "'";
        if (!v.hasSecret()) {
            throw new LaunchException(what + " is of type SECRET but names no secret");
        }
        Secret secret = v.getSecret();
        String named = what + ": secret " + SecretResolver.describe(secret);
        SecretResolver r = resolver;
        if (r == null) {
            throw new LaunchException(named + " cannot be resolved: this agent has no secret resolver (install the "
                    + "feature agora-secrets-file and configure org.agora.secrets.file)");
        }
        try {
            CompletableFuture<Secret.Value> stage = r.resolve(secret).toCompletableFuture();
            Secret.Value value = stage.get(RESOLVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            // an environment variable is a C string: no NUL, and Java hands the process text, not bytes
            if (!value.getData().isValidUtf8() || hasNul(value.getData())) {
                throw new LaunchException(named + " is not text (UTF-8 without NUL bytes) and cannot be the value "
                        + "of an environment variable");
            }
            return value.getData().toString(StandardCharsets.UTF_8);
        } catch (ExecutionException e) {
            throw new LaunchException(named + " cannot be resolved: " + reason(e.getCause()));
        } catch (TimeoutException e) {
            throw new LaunchException(named + " cannot be resolved: the secret resolver did not answer within "
                    + RESOLVE_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException(named + " cannot be resolved: the launch was interrupted");
        } catch (RuntimeException e) {
            throw new LaunchException(named + " cannot be resolved: " + reason(e));
        }
    }

    private static boolean hasNul(ByteString data) {
        for (int i = 0; i < data.size(); i++) {
            if (data.byteAt(i) == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A resolver's own failure says why (its contract keeps values out of it); anything else is named by its type
     * only, since its message was not written with secrets in mind.
     */
    private static String reason(Throwable t) {
        return t instanceof SecretException ? t.getMessage() : "the secret resolver failed with "
                + t.getClass().getName();
    }

    /**
     * Refuses a task whose container mounts a secret as a file ({@code Volume.Source} of type {@code SECRET}) when it
     * would run without a containerizer (a custom executor, or an agent without one): the native containerizer makes
     * secret volumes, and a task is better refused than run without the file.
     */
    public static void refuseSecretVolumes(Optional<ContainerInfo> container) throws LaunchException {
        if (container.isEmpty()) {
            return;
        }
        for (Volume v : container.get().getVolumesList()) {
            if (v.hasSource() && v.getSource().getType() == Volume.Source.Type.SECRET) {
                throw new LaunchException("volume '" + v.getContainerPath() + "': secret volumes (secret "
                        + SecretResolver.describe(v.getSource().getSecret()) + ") need the native containerizer "
                        + "(feature agora-containerizer-native), and this task runs without one; pass the secret in "
                        + "an environment variable of type SECRET instead");
            }
        }
    }
}
