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
package org.agora.security.acl.internal;

import org.agora.api.config.ReloadingFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.agora.api.config.TypedConfig;
import org.agora.api.security.Action;
import org.agora.api.security.Authorizer;
import org.agora.api.security.Principal;
import org.agora.security.acl.internal.Acls.Decision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorizer named {@code local}: Mesos's local authorizer (see {@link Acls}) over ACLs from a file or from the
 * configuration itself (see {@link AclParser} for the format). Starts only with a configuration giving one of them,
 * and only if the ACLs parse: otherwise activation fails with a message naming the file or option and the problem,
 * and the service yields nothing (DS keeps the registration of a satisfied component whose activation failed;
 * {@code getService} answers null and references do not bind it). An ACL file is re-read every
 * {@code reload.interval.ms} (see {@link ReloadingFile}); a change of the configuration restarts the component.
 *
 * <p>Thread-safe; {@link #authorized} never blocks and never touches the disk. Denials are logged at DEBUG with
 * the ACL that decided.
 */
@Component(service = Authorizer.class, property = "authorizer.name=" + LocalAuthorizer.NAME,
        configurationPid = LocalAuthorizer.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = AclConfig.class)
public final class LocalAuthorizer implements Authorizer {
    static final String NAME = "local";
    static final String PID = "org.agora.security.acl";
    /** Far more than any real ACL file; bounds what a wrong path can make us read. */
    static final long MAX_BYTES = 16 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(LocalAuthorizer.class);

    private final ReloadingFile<Acls> file;
    private final Acls inline;

    @Activate
    public LocalAuthorizer(Map<String, Object> properties) {
        this(TypedConfig.read(AclConfig.class, PID, properties));
    }

    LocalAuthorizer(AclConfig config) {
        String path = config.path().strip();
        String json = config.json();
        if (path.isEmpty() == json.isBlank()) {
            throw new IllegalArgumentException(PID + ": " + (path.isEmpty() ? "neither path nor json is set: give "
                    + "the ACL file (path = ${karaf.etc}/agora-acls.json) or the ACLs (json = {...})"
                    : "both path and json are set: give one"));
        }
        if (config.reload_interval_ms() < 0) {
            throw new IllegalArgumentException(PID + ": reload.interval.ms=" + config.reload_interval_ms()
                    + " is negative; 0 turns reloading off");
        }
        if (path.isEmpty()) {
            this.file = null;
            this.inline = warnings(AclParser.parse(PID + ": json", json));
            LOG.info("acl: loaded {} from the json option", describe(inline));
        } else {
            Path p = Path.of(path.startsWith("file://") ? path.substring("file://".length()) : path).toAbsolutePath();
            this.file = new ReloadingFile<>("acl", p, LocalAuthorizer::read, LocalAuthorizer::load,
                    LocalAuthorizer::describe, config.reload_interval_ms());
            this.inline = null;
            LOG.info("acl: loaded {} from {}{}", describe(file.current()), p, config.reload_interval_ms() > 0
                    ? ", re-read every " + config.reload_interval_ms() + " ms" : "");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean authorized(Optional<Principal> subject, Action action, Optional<String> object) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(object, "object");
        Decision decision = acls().decide(subject, action, object);
        if (!decision.allowed() && LOG.isDebugEnabled()) {
            LOG.debug("acl: {} may not {} {}: denied by {}", subject.map(p -> "principal '" + p + "'")
                    .orElse("an anonymous caller"), action.aclName(), object.map(o -> "'" + o + "'").orElse("(any)"),
                    decision.by());
        }
        return decision.allowed();
    }

    /** Reads the ACL file now, as the reload timer does. */
    void reloadNow() {
        if (file != null) {
            file.checkNow();
        }
    }

    @Deactivate
    void close() {
        if (file != null) {
            file.close();
        }
    }

    private Acls acls() {
        return file != null ? file.current() : inline;
    }

    private static byte[] read(Path path) {
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new AclException("ACL file " + path + ": is " + size + " bytes, more than the " + MAX_BYTES
                        + " an ACL file may have");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new AclException("ACL file " + path + ": does not exist", e);
        } catch (IOException e) {
            throw new AclException("ACL file " + path + ": cannot be read: " + e, e);
        }
    }

    private static Acls load(Path path, byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new AclException("ACL file " + path + ": is not UTF-8 text", e);
        }
        Acls acls = warnings(AclParser.parse("ACL file " + path, text));
        writableByOthers(path).ifPresent(permissions -> LOG.warn("acl: {} is {}: whoever can write it decides who "
                + "may do what; only its owner should (chmod go-w {})", path, permissions, path));
        return acls;
    }

    private static Optional<String> writableByOthers(Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            return permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)
                    ? Optional.of(PosixFilePermissions.toString(permissions)) : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static String describe(Acls acls) {
        return acls.count() + (acls.count() == 1 ? " ACL" : " ACLs") + ", permissive " + acls.permissive();
    }

    /** Logs what an operator should know about ACLs that are about to be used. */
    private static Acls warnings(Acls acls) {
        acls.ignored().forEach((kind, count) -> LOG.warn("acl: {} ({} {}) governs a Mesos action that Agora does "
                + "not have: checked and ignored", kind.key(), count, count == 1 ? "ACL" : "ACLs"));
        if (acls.permissive()) {
            LOG.info("acl: permissive is true: a request that no ACL matches is allowed (Mesos's default); set "
                    + "\"permissive\": false to deny it");
        }
        return acls;
    }
}
