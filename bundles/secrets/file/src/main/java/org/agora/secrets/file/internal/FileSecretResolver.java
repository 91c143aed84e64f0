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
package org.agora.secrets.file.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.agora.api.config.TypedConfig;
import org.agora.api.secret.SecretException;
import org.agora.api.secret.SecretResolver;
import org.agora.api.v1.Protos.Secret;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret resolver named {@code file} (see {@link SecretFiles} for how references map to files). Starts only with
 * a configuration whose {@code dir} is an existing absolute directory; otherwise activation fails with a message
 * naming the PID and the problem, and no resolver is offered (tasks that name secrets fail to launch, saying so).
 * A change of the configuration restarts the component.
 */
@Component(service = SecretResolver.class, property = "secret.resolver.name=" + FileSecretResolver.NAME,
        configurationPid = FileSecretResolver.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = FileSecretsConfig.class)
public final class FileSecretResolver implements SecretResolver {
    static final String NAME = "file";
    static final String PID = "org.agora.secrets.file";
    private static final Logger LOG = LoggerFactory.getLogger(FileSecretResolver.class);

    private final SecretFiles files;
    private volatile boolean stopped;

    @Activate
    public FileSecretResolver(Map<String, Object> properties) {
        this(TypedConfig.read(FileSecretsConfig.class, PID, properties));
    }

    FileSecretResolver(FileSecretsConfig config) {
        String dir = config.dir().strip();
        if (dir.isEmpty()) {
            throw new IllegalArgumentException(PID + ": dir is not set: name the directory of secrets, e.g. "
                    + "dir = /etc/agora/secrets");
        }
        try {
            this.files = new SecretFiles(Path.of(dir));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": " + e.getMessage(), e);
        }
        LOG.info("secrets: resolving secret references to files under {}", files.dir());
    }

    @Override
    public CompletionStage<Secret.Value> resolve(Secret secret) {
        if (stopped) {
            // a caller that kept this instance past its deactivation must not read a directory no longer configured
            return CompletableFuture.failedFuture(new SecretException("secret " + SecretResolver.describe(secret)
                    + " cannot be resolved: the file secret resolver was stopped (its configuration changed or its "
                    + "bundle stopped)"));
        }
        return files.resolve(secret);
    }

    @Deactivate
    void stop() {
        stopped = true;
    }
}
