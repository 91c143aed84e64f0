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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.agora.api.security.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsAuthenticatorTest {
    private static final String TWO = """
            {"credentials": [{"principal": "framework1", "secret": "s3cret"},
                             {"principal": "ops", "secret": "0ps-s3cret"}]}
            """;

    @TempDir
    Path dir;
    private CredentialsAuthenticator authenticator;

    @AfterEach
    void close() {
        if (authenticator != null) {
            authenticator.close();
        }
    }

    @Test
    void acceptsEachPrincipalWithItsOwnSecretOnly() throws IOException {
        authenticator = start(write("credentials.json", TWO), 0);

        assertThat(authenticator.name()).isEqualTo("credentials");
        assertThat(authenticator.authenticate("framework1", "s3cret")).contains(new Principal("framework1"));
        assertThat(authenticator.authenticate("ops", "0ps-s3cret")).contains(new Principal("ops"));
        assertThat(authenticator.authenticate("ops", "s3cret")).isEmpty();
        assertThat(authenticator.authenticate("framework1", "s3cre")).isEmpty();
        assertThat(authenticator.authenticate("framework1", "s3cret ")).isEmpty();
        assertThat(authenticator.authenticate("framework1", "S3CRET")).isEmpty();
        assertThat(authenticator.authenticate("framework1", "")).isEmpty();
        assertThat(authenticator.authenticate("nobody", "s3cret")).isEmpty();
        assertThat(authenticator.authenticate("", "s3cret")).isEmpty();
        assertThat(authenticator.authenticate(null, "s3cret")).isEmpty();
        assertThat(authenticator.authenticate("framework1", null)).isEmpty();
    }

    @Test
    void readsTheOlderTextFormatToo() throws IOException {
        authenticator = start(write("credentials", "agent1 agent-secret\n"), 0);

        assertThat(authenticator.authenticate("agent1", "agent-secret")).contains(new Principal("agent1"));
    }

    @Test
    void acceptsAFileUrlAsMesosDoes() throws IOException {
        Path file = write("credentials.json", TWO);
        authenticator = new CredentialsAuthenticator(Map.of("path", "file://" + file));

        assertThat(authenticator.authenticate("ops", "0ps-s3cret")).isPresent();
    }

    @Test
    void doesNotStartWithoutAPath() {
        assertThatThrownBy(() -> new CredentialsAuthenticator(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("org.agora.security.credentials: path is not set");
    }

    @Test
    void doesNotStartWithAMissingFile() {
        Path missing = dir.resolve("missing.json");

        assertThatThrownBy(() -> start(missing, 0)).isInstanceOf(CredentialsFileException.class)
                .hasMessage("credentials file " + missing + ": does not exist");
    }

    @Test
    void doesNotStartWithAMalformedFile() throws IOException {
        Path file = write("credentials.json", "{\"credentials\": [{\"principal\": \"a\"}]}");

        assertThatThrownBy(() -> start(file, 0)).isInstanceOf(CredentialsFileException.class)
                .hasMessage("credentials file " + file + ": credentials[0].secret: missing");
    }

    @Test
    void doesNotStartWithABadReloadInterval() throws IOException {
        Path file = write("credentials.json", TWO);

        assertThatThrownBy(() -> new CredentialsAuthenticator(Map.of("path", file.toString(),
                "reload.interval.ms", "soon"))).hasMessageContaining("reload.interval.ms=soon is not a whole number");
        assertThatThrownBy(() -> start(file, -1)).hasMessageContaining("reload.interval.ms=-1 is negative");
    }

    @Test
    void picksUpAChangedFileWithoutARestart() throws IOException {
        Path file = write("credentials.json", TWO);
        authenticator = start(file, 20);

        replace(file, "{\"credentials\": [{\"principal\": \"ops\", \"secret\": \"rotated\"},"
                + " {\"principal\": \"new\", \"secret\": \"n\"}]}");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> authenticator.authenticate("ops", "rotated").isPresent());
        assertThat(authenticator.authenticate("ops", "0ps-s3cret")).isEmpty();
        assertThat(authenticator.authenticate("framework1", "s3cret")).isEmpty();
        assertThat(authenticator.authenticate("new", "n")).contains(new Principal("new"));
    }

    @Test
    void aChangedFileThatDoesNotParseLeavesTheLoadedCredentialsInForceUntilFixed() throws IOException {
        Path file = write("credentials.json", TWO);
        authenticator = start(file, 0);

        Files.writeString(file, "{\"credentials\": [{\"principal\": \"ops\", \"secret\": \"rotated\"");
        authenticator.reloadNow();
        assertThat(authenticator.authenticate("ops", "0ps-s3cret")).isPresent();
        assertThat(authenticator.authenticate("ops", "rotated")).isEmpty();

        Files.delete(file);
        authenticator.reloadNow();
        assertThat(authenticator.authenticate("ops", "0ps-s3cret")).isPresent();

        Files.writeString(file, "{\"credentials\": [{\"principal\": \"ops\", \"secret\": \"rotated\"}]}");
        authenticator.reloadNow();
        assertThat(authenticator.authenticate("ops", "rotated")).isPresent();
        assertThat(authenticator.authenticate("ops", "0ps-s3cret")).isEmpty();
    }

    @Test
    void withReloadingOffTheFileIsReadOnlyAtStart() throws IOException {
        Path file = write("credentials.json", TWO);
        authenticator = start(file, 0);

        replace(file, "{\"credentials\": []}");

        assertThat(authenticator.authenticate("ops", "0ps-s3cret")).isPresent();
    }

    @Test
    void anEmptyListStartsAndLetsNobodyIn() throws IOException {
        authenticator = start(write("credentials.json", "{\"credentials\": []}"), 0);

        assertThat(authenticator.authenticate("ops", "")).isEmpty();
        assertThat(authenticator.authenticate("ops", "0ps-s3cret")).isEmpty();
    }

    private CredentialsAuthenticator start(Path file, long reloadMs) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("path", file.toString());
        properties.put("reload.interval.ms", reloadMs);
        return new CredentialsAuthenticator(properties);
    }

    /** Replaces the file as editors and configuration tools do: write a new one, rename it over the old. */
    private void replace(Path file, String content) throws IOException {
        Path next = Files.createTempFile(dir, "next", ".json");
        Files.writeString(next, content);
        Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-------"));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A credentials file as an operator should keep one: readable by its owner only. */
    private Path write(String name, String content) throws IOException {
        Path file = Files.writeString(dir.resolve(name), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
