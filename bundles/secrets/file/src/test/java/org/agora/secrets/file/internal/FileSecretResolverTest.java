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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.CompletionException;
import com.google.protobuf.ByteString;
import org.agora.api.secret.SecretException;
import org.agora.api.v1.Protos.Secret;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file resolver against a real directory of secrets: look-ups, refused names, and what failures say. */
class FileSecretResolverTest {
    static final String VALUE = "pa55-w0rd\nwith a newline";

    @TempDir
    Path root;
    Path dir;
    FileSecretResolver resolver;

    @BeforeEach
    void secrets() throws Exception {
        dir = Files.createDirectories(root.resolve("secrets"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(dir.resolve("db/prod"));
        Files.writeString(dir.resolve("db/prod/password"), VALUE);
        Files.writeString(dir.resolve("token"), "t0ken");
        Files.writeString(root.resolve("outside"), "not a secret of this resolver");
        resolver = new FileSecretResolver(Map.of("dir", dir.toString()));
    }

    static Secret ref(String name, String key) {
        Secret.Reference.Builder r = Secret.Reference.newBuilder().setName(name);
        if (key != null) {
            r.setKey(key);
        }
        return Secret.newBuilder().setType(Secret.Type.REFERENCE).setReference(r).build();
    }

    String resolve(Secret s) {
        return resolver.resolve(s).toCompletableFuture().join().getData().toString(StandardCharsets.UTF_8);
    }

    /** The message of the failure resolving {@code s}, which must be a SecretException. */
    String failure(Secret s) {
        Throwable t = catchThrowable(() -> resolver.resolve(s).toCompletableFuture().join());
        assertThat(t).isInstanceOf(CompletionException.class).hasCauseInstanceOf(SecretException.class);
        return t.getCause().getMessage();
    }

    @Test
    void nameAndKeyAreADirectoryAndAFileAndTheBytesComeBackUnchanged() {
        assertThat(resolve(ref("db/prod", "password"))).isEqualTo(VALUE);
    }

    @Test
    void aNameWithoutKeyIsTheFileItself() {
        assertThat(resolve(ref("token", null))).isEqualTo("t0ken");
        assertThat(resolve(ref("db/prod/password", null))).isEqualTo(VALUE);
    }

    @Test
    void aValueSecretIsPassedThrough() {
        Secret s = Secret.newBuilder().setType(Secret.Type.VALUE).setValue(Secret.Value.newBuilder()
                .setData(ByteString.copyFromUtf8("inline"))).build();
        assertThat(resolve(s)).isEqualTo("inline");
    }

    @Test
    void aMissingSecretIsNamedInTheFailure() {
        assertThat(failure(ref("db/prod", "nope"))).contains("'db/prod'", "'nope'", "does not exist");
        assertThat(failure(ref("nothing-here", null))).contains("'nothing-here'", "does not exist");
    }

    @Test
    void dotDotAbsoluteAndSlashesInKeysAreRefusedWithoutReadingAnything() {
        assertThat(failure(ref("../outside", null))).contains("'../outside'", "'..'");
        assertThat(failure(ref("db/../../outside", null))).contains("'..'");
        assertThat(failure(ref("db", "../../outside"))).contains("the key must be a file name");
        assertThat(failure(ref("db/prod", ".."))).contains("the key must be a file name");
        assertThat(failure(ref(root.resolve("outside").toString(), null))).contains("relative path");
        assertThat(failure(ref("db//prod", "password"))).contains("empty");
        assertThat(failure(ref("", null))).contains("relative path");
    }

    @Test
    void aSymbolicLinkOutOfTheDirectoryIsRefused() throws Exception {
        Files.createSymbolicLink(dir.resolve("escape"), root.resolve("outside"));
        assertThat(failure(ref("escape", null))).contains("'escape'", "symbolic link").doesNotContain("not a secret");
    }

    @Test
    void aDirectoryIsNotASecret() {
        assertThat(failure(ref("db", "prod"))).contains("'db'", "is not a file");
    }

    @Test
    void failuresNeverCarryTheValue() throws Exception {
        Files.setPosixFilePermissions(dir.resolve("db/prod/password"), PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(dir.resolve("db/prod/password"))) {
            return; // root reads any file: the unreadable case cannot be made here
        }
        assertThat(failure(ref("db/prod", "password"))).contains("'db/prod'", "cannot be read")
                .doesNotContain(VALUE);
    }

    @Test
    void aStoppedResolverResolvesNothing() {
        resolver.stop();
        assertThat(failure(ref("db/prod", "password"))).contains("'db/prod'", "stopped").doesNotContain(VALUE);
    }

    @Test
    void theConfigurationMustNameAnExistingAbsoluteDirectory() {
        assertThatThrownBy(() -> new FileSecretResolver(Map.of())).hasMessageContaining("org.agora.secrets.file")
                .hasMessageContaining("dir is not set");
        assertThatThrownBy(() -> new FileSecretResolver(Map.of("dir", "relative/dir")))
                .hasMessageContaining("not an absolute path");
        assertThatThrownBy(() -> new FileSecretResolver(Map.of("dir", root.resolve("missing").toString())))
                .hasMessageContaining("not a directory");
    }
}
