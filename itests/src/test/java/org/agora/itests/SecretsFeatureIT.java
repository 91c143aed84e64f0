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
package org.agora.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.agora.api.secret.SecretException;
import org.agora.api.secret.SecretResolver;
import org.agora.api.v1.Protos.Secret;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

/**
 * The file secret resolver in the local distribution, which boots its feature: no resolver until it is configured,
 * one that resolves real files once {@code org.agora.secrets.file} names a directory, none (SCR saying why) for a
 * directory that does not exist.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecretsFeatureIT extends AgoraTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    BundleContext context;

    @Inject
    ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        // the probe's shell sessions have no user: lift the admin-only command ACLs of feature: and config:
        return OptionUtils.combine(karaf(),
                replaceConfigurationFile("etc/org.apache.karaf.command.acl.feature.cfg", noAcls()),
                replaceConfigurationFile("etc/org.apache.karaf.command.acl.config.cfg", noAcls()));
    }

    private static File noAcls() {
        try {
            File empty = File.createTempFile("no-acls", ".cfg");
            empty.deleteOnExit();
            return empty;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    public void theFileResolverComesWithItsConfigurationAndResolvesFiles() throws Exception {
        eventually(Duration.ofSeconds(60), () -> { // booted, inactive until configured
            String installed = shell("feature:list -i");
            assertTrue(installed, installed.contains("agora-secrets-file"));
        });
        assertFalse("no configuration, no resolver", resolver().isPresent());

        Path dir = Files.createTempDirectory("agora-secrets-it");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(dir.resolve("svc"));
        Files.writeString(dir.resolve("svc/token"), "feature-s3cret");
        configure(dir.toString());
        eventually(WAIT, () -> assertTrue(resolver().isPresent()));
        SecretResolver r = resolver().get();
        // the agent binds it (optional, dynamic): its launches resolve through it from now on
        eventually(WAIT, () -> assertTrue(agentBindsAResolver()));
        Secret token = Secret.newBuilder().setType(Secret.Type.REFERENCE).setReference(Secret.Reference.newBuilder()
                .setName("svc").setKey("token")).build();
        assertEquals("feature-s3cret", r.resolve(token).toCompletableFuture().get(10, TimeUnit.SECONDS).getData()
                .toString(StandardCharsets.UTF_8));
        try {
            r.resolve(token.toBuilder().setReference(token.getReference().toBuilder().setKey("nope")).build())
                    .toCompletableFuture().join();
            throw new AssertionError("a missing secret resolved");
        } catch (CompletionException e) {
            assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof SecretException
                    && e.getCause().getMessage().contains("'nope'"));
        }

        Path missing = dir.resolve("missing");
        configure(missing.toString());
        eventually(WAIT, () -> {
            assertFalse(resolver().isPresent());
            String failure = failure("org.agora.secrets.file.internal.FileSecretResolver");
            assertTrue(failure, failure.contains("org.agora.secrets.file") && failure.contains(missing.toString()));
        });
        shell("config:delete org.agora.secrets.file");
        eventually(WAIT, () -> assertFalse(resolver().isPresent()));
        eventually(WAIT, () -> assertFalse(agentBindsAResolver()));
    }

    /** Whether the agent component has a SecretResolver bound, as SCR reports it. */
    private boolean agentBindsAResolver() {
        return scr.getComponentDescriptionDTOs().stream()
                .filter(d -> d.name.equals("org.agora.agent.internal.AgentComponent"))
                .flatMap(d -> scr.getComponentConfigurationDTOs(d).stream())
                .flatMap(c -> Arrays.stream(c.satisfiedReferences))
                .anyMatch(b -> b.name.equals("SecretResolver") && b.boundServices.length > 0);
    }

    private void configure(String dir) throws Exception {
        shell("config:edit org.agora.secrets.file\nconfig:property-set dir '" + dir + "'\nconfig:update");
    }

    private Optional<SecretResolver> resolver() throws Exception {
        Collection<ServiceReference<SecretResolver>> refs = context.getServiceReferences(SecretResolver.class,
                "(secret.resolver.name=file)");
        return refs.isEmpty() ? Optional.empty() : Optional.ofNullable(context.getService(refs.iterator().next()));
    }

    /** What SCR says made the component's activation fail, or a description of its states. */
    private String failure(String component) {
        List<ComponentConfigurationDTO> configurations = scr.getComponentDescriptionDTOs().stream()
                .filter(d -> d.name.equals(component))
                .flatMap(d -> scr.getComponentConfigurationDTOs(d).stream()).toList();
        return configurations.stream().map(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                ? c.failure : "state " + c.state).collect(Collectors.joining("; ", component + ": ", ""));
    }
}
