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
package org.agora.agent.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorSecretKeyTest {
    @TempDir
    Path dir;

    @Test
    void aKeyIsGeneratedOnceReadableByItsOwnerOnlyAndKept() throws Exception {
        Path file = dir.resolve("work/executor_secret_key");
        byte[] first = ExecutorSecretKey.readOrGenerate(file);

        assertThat(new String(first, java.nio.charset.StandardCharsets.US_ASCII)).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(ExecutorSecretKey.readOrGenerate(file)).isEqualTo(first);
        assertThat(ExecutorSecretKey.readOrGenerate(dir.resolve("elsewhere"))).isNotEqualTo(first);
        assertThat(dir.resolve("work/executor_secret_key.tmp")).doesNotExist();
    }

    @Test
    void aConfiguredKeyIsTheFilesContentAndAMissingOrEmptyOneStopsTheAgentNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("key"), "my shared secret\n");
        assertThat(ExecutorSecretKey.read(file)).isEqualTo("my shared secret\n".getBytes());

        assertThatThrownBy(() -> ExecutorSecretKey.read(dir.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("executor.secret.key: " + dir.resolve("missing") + " does not exist");
        Path empty = Files.createFile(dir.resolve("empty"));
        assertThatThrownBy(() -> ExecutorSecretKey.read(empty)).hasMessageContaining(empty + " is empty");
    }
}
