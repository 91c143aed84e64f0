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
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.agora.api.security.Action;
import org.agora.api.security.Authenticator;
import org.agora.api.security.Authorizer;
import org.agora.api.security.Principal;
import org.apache.karaf.jaas.config.JaasRealm;
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
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

/**
 * The security features installed in the local distribution as an operator would (feature:install, config:edit):
 * each authenticator and authorizer appears under its name once configured, works on real files and Karaf's own
 * JAAS realm, and goes away, with SCR showing why, when its configuration is bad.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecurityFeaturesIT extends AgoraTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    BundleContext context;

    @Inject
    ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        // feature:install fetches the security bundles from the Maven repository this build installed them in;
        // Pax Exam's own artifacts are found in the user's repository, where the other tests find them
        String home = Path.of(System.getProperty("user.home"), ".m2", "repository").toString();
        String build = System.getProperty("maven.repo.local", home);
        return OptionUtils.combine(karaf(),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        build),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories",
                        Path.of(home).toUri() + "@id=user@snapshots"),
                // the probe's shell sessions have no user: lift the admin-only command ACLs of feature: and config:
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
    public void securityServicesComeAndGoWithTheirConfiguration() throws Exception {
        Path dir = Files.createTempDirectory("agora-security-it");
        eventually(Duration.ofSeconds(60), () -> { // the shell's commands register while Karaf boots
            String installed = shell("feature:install agora-security\nfeature:list -i");
            assertTrue(installed, installed.contains("agora-security-credentials")
                    && installed.contains("agora-security-jaas") && installed.contains("agora-security-acl"));
        });

        // 1. jaas needs no configuration: Karaf's own realm, etc/users.properties (karaf = karaf)
        eventually(WAIT, () -> assertTrue(authenticator("jaas").isPresent()));
        Authenticator jaas = authenticator("jaas").get();
        assertEquals(Optional.of(new Principal("karaf")), jaas.authenticate("karaf", "karaf"));
        assertEquals(Optional.empty(), jaas.authenticate("karaf", "wrong"));
        assertEquals(Optional.empty(), jaas.authenticate("nobody", "karaf"));
        assertFalse("no configuration, no credentials authenticator", authenticator("credentials").isPresent());
        assertFalse("no configuration, no local authorizer", authorizer("local").isPresent());

        // 2. credentials from a file
        Path credentials = dir.resolve("credentials.json");
        Files.writeString(credentials, "{\"credentials\": [{\"principal\": \"marathon\", \"secret\": \"m-s3cret\"}]}");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        configure("org.agora.security.credentials", Map.of("path", credentials.toString()));
        eventually(WAIT, () -> assertTrue(authenticator("credentials").isPresent()));
        Authenticator file = authenticator("credentials").get();
        assertEquals(Optional.of(new Principal("marathon")), file.authenticate("marathon", "m-s3cret"));
        assertEquals(Optional.empty(), file.authenticate("marathon", "karaf"));

        // 3. the local authorizer from an ACL file
        Path acls = dir.resolve("acls.json");
        Files.writeString(acls, "{\"permissive\": false, \"run_tasks\": [{\"principals\": {\"values\": [\"marathon\"]},"
                + " \"users\": {\"values\": [\"nobody\"]}}]}");
        configure("org.agora.security.acl", Map.of("path", acls.toString()));
        eventually(WAIT, () -> assertTrue(authorizer("local").isPresent()));
        Authorizer local = authorizer("local").get();
        Optional<Principal> marathon = Optional.of(new Principal("marathon"));
        assertTrue(local.authorized(marathon, Action.RUN_TASK, Optional.of("nobody")));
        assertFalse(local.authorized(marathon, Action.RUN_TASK, Optional.of("root")));
        assertFalse(local.authorized(Optional.empty(), Action.RUN_TASK, Optional.of("nobody")));

        // 4. malformed ACLs: the component fails to start and says why; its registration stays (DS keeps it while
        //    the component is satisfied) but yields no authorizer
        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, "{\"permissive\": false, \"run_taks\": []}");
        configure("org.agora.security.acl", Map.of("path", typo.toString()));
        eventually(WAIT, () -> {
            assertFalse(authorizer("local").isPresent());
            String failure = failure("org.agora.security.acl.internal.LocalAuthorizer");
            assertTrue(failure, failure.contains(typo.toString()) && failure.contains("did you mean 'run_tasks'"));
        });
        configure("org.agora.security.acl", Map.of("path", acls.toString()));
        eventually(WAIT, () -> assertTrue(authorizer("local").isPresent()));

        // 5. a realm that does not exist yet: no jaas authenticator until it is registered
        configure("org.agora.security.jaas", Map.of("realm", "itest", "cache.ttl.ms", "0"));
        eventually(WAIT, () -> {
            assertFalse(authenticator("jaas").isPresent());
            String failure = failure("org.agora.security.jaas.internal.JaasAuthenticator");
            assertTrue(failure, failure.contains("no JAAS realm named 'itest'") && failure.contains("'karaf'"));
        });
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("org.apache.karaf.jaas.module", "itest");
        ServiceRegistration<JaasRealm> realm = context.registerService(JaasRealm.class, new ProbeRealm(), properties);
        try {
            eventually(WAIT, () -> assertTrue(authenticator("jaas").isPresent()));
            Authenticator itest = authenticator("jaas").get();
            assertEquals(Optional.of(new Principal("itest")), itest.authenticate("itest", "itest-secret"));
            assertEquals(Optional.empty(), itest.authenticate("karaf", "karaf"));
        } finally {
            realm.unregister();
        }
        eventually(WAIT, () -> assertFalse(authenticator("jaas").isPresent()));
        shell("config:delete org.agora.security.jaas");
        eventually(WAIT, () -> assertTrue(authenticator("jaas").isPresent()));
    }

    private void configure(String pid, Map<String, String> properties) throws Exception {
        StringBuilder script = new StringBuilder("config:edit " + pid + "\n");
        properties.forEach((k, v) -> script.append("config:property-set ").append(k).append(" '").append(v)
                .append("'\n"));
        script.append("config:update");
        shell(script.toString());
    }

    private Optional<Authenticator> authenticator(String name) throws Exception {
        return service(Authenticator.class, "(authenticator.name=" + name + ")");
    }

    private Optional<Authorizer> authorizer(String name) throws Exception {
        return service(Authorizer.class, "(authorizer.name=" + name + ")");
    }

    private <T> Optional<T> service(Class<T> type, String filter) throws Exception {
        Collection<ServiceReference<T>> refs = context.getServiceReferences(type, filter);
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

    /** A realm of the test's own, as an operator's bundle would declare one. */
    public static final class ProbeRealm implements JaasRealm {
        @Override
        public String getName() {
            return "itest";
        }

        @Override
        public int getRank() {
            return 0;
        }

        @Override
        public AppConfigurationEntry[] getEntries() {
            return new AppConfigurationEntry[] {new AppConfigurationEntry(ProbeLoginModule.class.getName(),
                    LoginModuleControlFlag.REQUIRED, Map.of())};
        }
    }

    /** Accepts one user, itest / itest-secret. */
    public static final class ProbeLoginModule implements LoginModule {
        private CallbackHandler handler;

        @Override
        public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
                Map<String, ?> options) {
            this.handler = callbackHandler;
        }

        @Override
        public boolean login() throws LoginException {
            NameCallback name = new NameCallback("user");
            PasswordCallback password = new PasswordCallback("password", false);
            try {
                handler.handle(new Callback[] {name, password});
            } catch (Exception e) {
                throw new LoginException(e.toString());
            }
            if ("itest".equals(name.getName()) && "itest-secret".equals(new String(password.getPassword()))) {
                return true;
            }
            throw new FailedLoginException("not itest");
        }

        @Override
        public boolean commit() {
            return true;
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public boolean logout() {
            return true;
        }
    }
}
