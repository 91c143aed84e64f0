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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.agora.api.security.Action;
import org.agora.api.security.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalAuthorizerTest {
    private static final String ONLY_MARATHON_AS_NOBODY = """
            {"permissive": false,
             "run_tasks": [{"principals": {"values": ["marathon"]}, "users": {"values": ["nobody"]}}]}
            """;
    private static final Optional<Principal> MARATHON = Optional.of(new Principal("marathon"));

    @TempDir
    Path dir;
    private LocalAuthorizer authorizer;

    @AfterEach
    void close() {
        if (authorizer != null) {
            authorizer.close();
        }
    }

    @Test
    void authorizesByTheAclsOfAFile() throws IOException {
        authorizer = start(Map.of("path", write("acls.json", ONLY_MARATHON_AS_NOBODY).toString()));

        assertThat(authorizer.name()).isEqualTo("local");
        assertThat(authorizer.authorized(MARATHON, Action.RUN_TASK, Optional.of("nobody"))).isTrue();
        assertThat(authorizer.authorized(MARATHON, Action.RUN_TASK, Optional.of("root"))).isFalse();
        assertThat(authorizer.authorized(Optional.empty(), Action.RUN_TASK, Optional.of("nobody"))).isFalse();
        assertThat(authorizer.authorized(MARATHON, Action.TEARDOWN_FRAMEWORK, Optional.of("marathon"))).isFalse();
    }

    @Test
    void authorizesByInlineAcls() {
        authorizer = start(Map.of("json", ONLY_MARATHON_AS_NOBODY));

        assertThat(authorizer.authorized(MARATHON, Action.RUN_TASK, Optional.of("nobody"))).isTrue();
        assertThat(authorizer.authorized(MARATHON, Action.RUN_TASK, Optional.of("root"))).isFalse();
    }

    @Test
    void acceptsAFileUrlAsMesosDoes() throws IOException {
        authorizer = start(Map.of("path", "file://" + write("acls.json", ONLY_MARATHON_AS_NOBODY)));

        assertThat(authorizer.authorized(MARATHON, Action.RUN_TASK, Optional.of("nobody"))).isTrue();
    }

    @Test
    void needsExactlyOneOfPathAndJson() throws IOException {
        String path = write("acls.json", "{}").toString();

        assertThatThrownBy(() -> start(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("org.agora.security.acl: neither path nor json is set");
        assertThatThrownBy(() -> start(Map.of("path", " ", "json", " "))).hasMessageContaining("neither");
        assertThatThrownBy(() -> start(Map.of("path", path, "json", "{}")))
                .hasMessage("org.agora.security.acl: both path and json are set: give one");
        assertThatThrownBy(() -> start(Map.of("path", path, "reload.interval.ms", "-5")))
                .hasMessageContaining("reload.interval.ms=-5 is negative");
    }

    @Test
    void doesNotStartWithAMissingFile() {
        Path missing = dir.resolve("missing.json");

        assertThatThrownBy(() -> start(Map.of("path", missing.toString()))).isInstanceOf(AclException.class)
                .hasMessage("ACL file " + missing + ": does not exist");
    }

    @Test
    void doesNotStartWithMalformedAclsNamingTheFileAndThePlace() throws IOException {
        Path file = write("acls.json", "{\n  \"permissive\": false,\n  \"run_taks\": []\n}\n");
        Path broken = write("broken.json", "{\n  \"permissive\": false,\n  \"run_tasks\": [\n}\n");

        assertThatThrownBy(() -> start(Map.of("path", file.toString()))).isInstanceOf(AclException.class)
                .hasMessageStartingWith("ACL file " + file + ": run_taks: no such ACL list; did you mean 'run_tasks'?");
        assertThatThrownBy(() -> start(Map.of("path", broken.toString()))).isInstanceOf(AclException.class)
                .hasMessageStartingWith("ACL file " + broken + ": is not valid JSON: line 4, column 1:");
    }

    @Test
    void doesNotStartWithMalformedInlineAcls() {
        assertThatThrownBy(() -> start(Map.of("json", "{\"run_tasks\": [{}]}"))).isInstanceOf(AclException.class)
                .hasMessage("org.agora.security.acl: json: run_tasks[0].principals: missing; write {\"values\": "
                        + "[...]}, {\"type\": \"ANY\"} or {\"type\": \"NONE\"}");
    }

    @Test
    void doesNotStartWithAFileThatIsNotUtf8() throws IOException {
        Path file = dir.resolve("latin1.json");
        Files.write(file, "{\"run_tasks\": [{\"principals\": {\"values\": [\"ren\u00e9\"]}}]}"
                .getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> start(Map.of("path", file.toString()))).hasMessage("ACL file " + file
                + ": is not UTF-8 text");
    }

    @Test
    void picksUpAChangedFileWithoutARestart() throws IOException {
        Path file = write("acls.json", ONLY_MARATHON_AS_NOBODY);
        authorizer = start(Map.of("path", file.toString(), "reload.interval.ms", 20));

        replace(file, """
                {"permissive": false,
                 "run_tasks": [{"principals": {"values": ["marathon"]}, "users": {"values": ["www-data"]}}]}
                """);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> authorizer.authorized(MARATHON, Action.RUN_TASK, Optional.of("www-data")));
        assertThat(authorizer.authorized(MARATHON, Action.RUN_TASK, Optional.of("nobody"))).isFalse();
    }

    @Test
    void aChangedFileThatDoesNotParseLeavesTheLoadedAclsInForceUntilFixed() throws IOException {
        Path file = write("acls.json", ONLY_MARATHON_AS_NOBODY);
        authorizer = start(Map.of("path", file.toString(), "reload.interval.ms", 0));

        Files.writeString(file, "{\"permissive\": true, \"run_tasks\": [}");
        authorizer.reloadNow();
        assertThat(authorizer.authorized(MARATHON, Action.RUN_TASK, Optional.of("root"))).isFalse();

        Files.writeString(file, "{\"permissive\": true, \"run_taks\": []}");
        authorizer.reloadNow();
        assertThat(authorizer.authorized(MARATHON, Action.RUN_TASK, Optional.of("root"))).isFalse();

        Files.delete(file);
        authorizer.reloadNow();
        assertThat(authorizer.authorized(MARATHON, Action.RUN_TASK, Optional.of("nobody"))).isTrue();

        Files.writeString(file, "{\"permissive\": true}");
        authorizer.reloadNow();
        assertThat(authorizer.authorized(MARATHON, Action.RUN_TASK, Optional.of("root"))).isTrue();
    }

    @Test
    void nullArgumentsAreProgrammingErrors() {
        authorizer = start(Map.of("json", "{}"));

        assertThatThrownBy(() -> authorizer.authorized(null, Action.RUN_TASK, Optional.empty()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> authorizer.authorized(Optional.empty(), null, Optional.empty()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> authorizer.authorized(Optional.empty(), Action.RUN_TASK, null))
                .isInstanceOf(NullPointerException.class);
    }

    private LocalAuthorizer start(Map<String, Object> properties) {
        return new LocalAuthorizer(new HashMap<>(properties));
    }

    /** Replaces the file as editors and configuration tools do: write a new one, rename it over the old. */
    private void replace(Path file, String content) throws IOException {
        Path next = Files.createTempFile(dir, "next", ".json");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
