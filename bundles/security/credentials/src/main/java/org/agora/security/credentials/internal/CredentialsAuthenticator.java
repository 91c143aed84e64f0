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

import org.agora.api.config.ReloadingFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.agora.api.config.TypedConfig;
import org.agora.api.security.Authenticator;
import org.agora.api.security.Principal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authenticator named {@code credentials}: principals and secrets from a Mesos credentials file (see
 * {@link CredentialsFile} for the formats). Starts only with a configuration naming the file, and only if the file
 * can be read and parsed: otherwise activation fails with a message naming the file and the problem, and there is
 * no usable service (DS keeps the registration; {@code getService} answers null). While active it re-reads the file
 * every {@code reload.interval.ms} (see {@link ReloadingFile}); a change of the configuration restarts the
 * component.
 *
 * <p>Thread-safe; {@link #authenticate} never blocks (a map look-up and a digest) and never touches the disk.
 */
@Component(service = Authenticator.class, property = "authenticator.name=" + CredentialsAuthenticator.NAME,
        configurationPid = CredentialsAuthenticator.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = CredentialsConfig.class)
public final class CredentialsAuthenticator implements Authenticator {
    static final String NAME = "credentials";
    static final String PID = "org.agora.security.credentials";
    private static final Logger LOG = LoggerFactory.getLogger(CredentialsAuthenticator.class);

    private final ReloadingFile<CredentialStore> file;

    @Activate
    public CredentialsAuthenticator(Map<String, Object> properties) {
        this(TypedConfig.read(CredentialsConfig.class, PID, properties));
    }

    CredentialsAuthenticator(CredentialsConfig config) {
        Path path = path(config.path());
        if (config.reload_interval_ms() < 0) {
            throw new IllegalArgumentException(PID + ": reload.interval.ms=" + config.reload_interval_ms()
                    + " is negative; 0 turns reloading off");
        }
        this.file = new ReloadingFile<>(NAME, path, CredentialsFile::read, CredentialsAuthenticator::load,
                CredentialsAuthenticator::describe, config.reload_interval_ms());
        LOG.info("credentials: loaded {} from {}{}", describe(file.current()), path,
                config.reload_interval_ms() > 0 ? ", re-read every " + config.reload_interval_ms() + " ms" : "");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Principal> authenticate(String principal, String secret) {
        return file.current().check(principal, secret);
    }

    /** Reads the file now, as the reload timer does. */
    void reloadNow() {
        file.checkNow();
    }

    @Deactivate
    void close() {
        file.close();
    }

    /** Checks made each time the file is loaded: its permissions, and whether anyone can get in at all. */
    private static CredentialStore load(Path path, byte[] content) {
        CredentialStore store = new CredentialStore(CredentialsFile.parse(path, content));
        CredentialsFile.openToOthers(path).ifPresent(permissions -> LOG.warn("credentials: {} is {}: group and "
                + "others should have no access to a file of secrets (chmod 600 {})", path, permissions, path));
        if (store.size() == 0) {
            LOG.warn("credentials: {} holds no credentials: nobody can authenticate", path);
        }
        return store;
    }

    private static String describe(CredentialStore store) {
        return store.size() + (store.size() == 1 ? " principal" : " principals");
    }

    private static Path path(String configured) {
        String p = configured.strip();
        if (p.startsWith("file://")) {
            p = p.substring("file://".length());
        }
        if (p.isEmpty()) {
            throw new IllegalArgumentException(PID + ": path is not set: name the credentials file, e.g. "
                    + "path = ${karaf.etc}/agora-credentials.json");
        }
        return Path.of(p).toAbsolutePath();
    }
}
