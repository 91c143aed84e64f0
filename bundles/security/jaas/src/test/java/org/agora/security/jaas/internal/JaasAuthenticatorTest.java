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
package org.agora.security.jaas.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.login.AppConfigurationEntry;
import org.agora.api.config.TypedConfig;
import org.agora.api.security.Principal;
import org.apache.karaf.jaas.config.JaasRealm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JaasAuthenticatorTest {
    @TempDir
    Path dir;
    private Path users;
    private final AtomicLong clock = new AtomicLong();

    @BeforeEach
    void users() throws IOException {
        // Karaf's users.properties format: user = password[,role|_g_:group...]
        users = write("users.properties", """
                alice = alice-pw,_g_:admingroup
                bob = bob pw with spaces
                _g_\\:admingroup = group,admin
                """);
    }

    @Test
    void acceptsWhatTheRealmsLoginModuleAccepts() {
        JaasAuthenticator jaas = start(List.of(new FileRealm("karaf", 0, users)), "karaf", 0);

        assertThat(jaas.name()).isEqualTo("jaas");
        assertThat(jaas.authenticate("alice", "alice-pw")).contains(new Principal("alice"));
        assertThat(jaas.authenticate("bob", "bob pw with spaces")).contains(new Principal("bob"));
    }

    @Test
    void refusesWrongSecretsUnknownPrincipalsAndEmptyInput() {
        JaasAuthenticator jaas = start(List.of(new FileRealm("karaf", 0, users)), "karaf", 0);

        assertThat(jaas.authenticate("alice", "bob pw with spaces")).isEmpty();
        assertThat(jaas.authenticate("alice", "alice-p")).isEmpty();
        assertThat(jaas.authenticate("mallory", "alice-pw")).isEmpty();
        assertThat(jaas.authenticate("_g_:admingroup", "group")).isEmpty();
        assertThat(jaas.authenticate("alice", "")).isEmpty();
        assertThat(jaas.authenticate("", "alice-pw")).isEmpty();
        assertThat(jaas.authenticate(null, "alice-pw")).isEmpty();
        assertThat(jaas.authenticate("alice", null)).isEmpty();
    }

    @Test
    void seesChangesToTheRealmsUsersWithTheCacheOff() throws IOException {
        JaasAuthenticator jaas = start(List.of(new FileRealm("karaf", 0, users)), "karaf", 0);
        assertThat(jaas.authenticate("alice", "alice-pw")).isPresent();

        Files.writeString(users, "alice = new-pw\ncarol = carol-pw\n");

        assertThat(jaas.authenticate("alice", "alice-pw")).isEmpty();
        assertThat(jaas.authenticate("alice", "new-pw")).isPresent();
        assertThat(jaas.authenticate("carol", "carol-pw")).isPresent();
    }

    @Test
    void usesTheConfiguredRealmOfHighestRank() throws IOException {
        Path other = write("other.properties", "dave = dave-pw\n");
        Path ranked = write("ranked.properties", "erin = erin-pw\n");
        List<JaasRealm> realms = List.of(new FileRealm("karaf", 0, users), new FileRealm("agora", 0, other),
                new FileRealm("agora", 10, ranked));

        JaasAuthenticator jaas = start(realms, "agora", 0);

        assertThat(jaas.authenticate("erin", "erin-pw")).isPresent();
        assertThat(jaas.authenticate("dave", "dave-pw")).isEmpty();
        assertThat(jaas.authenticate("alice", "alice-pw")).isEmpty();
    }

    @Test
    void anUnknownRealmStopsTheComponentAtStartNamingTheRealms() {
        List<JaasRealm> realms = List.of(new FileRealm("karaf", 0, users), new FileRealm("ldap", 0, users));

        assertThatThrownBy(() -> start(realms, "agora", 0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("org.agora.security.jaas: no JAAS realm named 'agora' is registered (registered: "
                        + "'karaf', 'ldap'); the authenticator starts when it is");
    }

    @Test
    void badOptionsStopTheComponentAtStart() {
        List<JaasRealm> realms = List.of(new FileRealm("karaf", 0, users));

        assertThatThrownBy(() -> start(realms, " ", 0)).hasMessageContaining("realm is empty");
        assertThatThrownBy(() -> start(realms, "karaf", -1)).hasMessageContaining("cache.ttl.ms=-1 is negative");
        assertThatThrownBy(() -> new JaasAuthenticator(realms, Map.of("cache.ttl.ms", "1m")))
                .hasMessageContaining("cache.ttl.ms=1m is not a whole number");
    }

    @Test
    void theDefaultRealmIsKarafs() {
        JaasAuthenticator jaas = new JaasAuthenticator(List.of(new FileRealm("karaf", 0, users)), Map.of());

        assertThat(jaas.authenticate("alice", "alice-pw")).isPresent();
    }

    @Test
    void aRealmThatCannotDecideRefuses() {
        JaasAuthenticator missingFile = start(List.of(new FileRealm("karaf", 0, dir.resolve("absent"))), "karaf", 0);
        JaasAuthenticator noModules = start(List.of(new NoModules()), "karaf", 0);

        assertThat(missingFile.authenticate("alice", "alice-pw")).isEmpty();
        assertThat(noModules.authenticate("alice", "alice-pw")).isEmpty();
    }

    @Test
    void aRememberedLoginSkipsTheRealmUntilItsTimeToLiveIsOver() throws IOException {
        JaasAuthenticator jaas = start(List.of(new FileRealm("karaf", 0, users)), "karaf", 30_000);
        assertThat(jaas.authenticate("alice", "alice-pw")).isPresent();

        Files.writeString(users, "bob = bob pw with spaces\n"); // alice removed from the realm
        clock.addAndGet(29_999_000_000L);
        assertThat(jaas.authenticate("alice", "alice-pw")).isPresent();
        assertThat(jaas.authenticate("alice", "other")).isEmpty();

        clock.addAndGet(1_000_000L);
        assertThat(jaas.authenticate("alice", "alice-pw")).isEmpty();
    }

    @Test
    void theContextClassLoaderIsRestoredAfterALogin() {
        JaasAuthenticator jaas = start(List.of(new FileRealm("karaf", 0, users)), "karaf", 0);
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        jaas.authenticate("alice", "alice-pw");
        jaas.authenticate("alice", "wrong");

        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    private JaasAuthenticator start(List<JaasRealm> realms, String realm, long cacheTtlMs) {
        JaasConfig config = TypedConfig.read(JaasConfig.class, JaasAuthenticator.PID,
                Map.of("realm", realm, "cache.ttl.ms", cacheTtlMs));
        return new JaasAuthenticator(realms, config, clock::get);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    /** A realm whose declaration lists no login module. */
    private static final class NoModules implements JaasRealm {
        @Override
        public String getName() {
            return "karaf";
        }

        @Override
        public int getRank() {
            return 0;
        }

        @Override
        public AppConfigurationEntry[] getEntries() {
            return new AppConfigurationEntry[0];
        }
    }
}
