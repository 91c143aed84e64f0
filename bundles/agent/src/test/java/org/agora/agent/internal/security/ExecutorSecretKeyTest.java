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
