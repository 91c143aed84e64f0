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
package org.agora.scheduler.client.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.agora.testing.pki.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecuteOptionsTest {

    private static ExecuteOptions parse(String... args) throws UsageException {
        return ExecuteOptions.parse(args, "tester");
    }

    @Test
    void theRequiredOptionsAloneGiveTheDefaults() throws UsageException {
        ExecuteOptions options = parse("--master", "m:5050", "--name", "hello", "--command", "echo hi");

        assertThat(options).isEqualTo(new ExecuteOptions("m:5050", "hello", "echo hi", 1, 0.1, 32, "*", Map.of(),
                true, "tester", "agora-execute", false, Duration.ofSeconds(60), 0, false, Optional.empty(),
                Optional.empty(), Optional.empty(), java.util.List.of()));
    }

    @Test
    void everyOptionIsTakenInBothSpellings() throws UsageException {
        ExecuteOptions options = parse("--master=zk://zk1:2181,zk2:2181/agora", "--name", "n",
                "--command=/bin/echo a b",
                "--instances", "3", "--cpus=0.25", "--mem", "64", "--role", "eng", "--env", "A=1", "--env=B=x=y",
                "--no-shell", "--user", "alice", "--framework-name", "fw", "--json", "--failover-wait", "2.5",
                "--failover-timeout=3600", "--checkpoint");

        assertThat(options.master()).isEqualTo("zk://zk1:2181,zk2:2181/agora");
        assertThat(options.instances()).isEqualTo(3);
        assertThat(options.cpus()).isEqualTo(0.25);
        assertThat(options.mem()).isEqualTo(64);
        assertThat(options.role()).isEqualTo("eng");
        assertThat(options.env()).containsExactly(Map.entry("A", "1"), Map.entry("B", "x=y"));
        assertThat(options.shell()).isFalse();
        assertThat(options.argv()).containsExactly("/bin/echo", "a", "b");
        assertThat(options.user()).isEqualTo("alice");
        assertThat(options.frameworkName()).isEqualTo("fw");
        assertThat(options.json()).isTrue();
        assertThat(options.failoverWait()).isEqualTo(Duration.ofMillis(2500));
        assertThat(options.failoverTimeout()).isEqualTo(3600);
        assertThat(options.checkpoint()).isTrue();
    }

    @Test
    void theNameDefaultsToTheToolsName() throws Exception {
        assertThat(parse("--master", "m:5050", "--command", "c").name()).isEqualTo("agora-execute");
    }

    @Test
    void mistakesAreNamed() {
        String[] base = {"--master", "m:5050", "--name", "n", "--command", "c"};
        assertThatThrownBy(() -> parse("--name", "n", "--command", "c")).hasMessage("option --master is required");
        assertThatThrownBy(() -> parse("--master", "m", "--name", "n")).hasMessage("option --command is required");
        assertThatThrownBy(() -> parse(with(base, "--frobnicate"))).hasMessage("unknown option '--frobnicate'");
        assertThatThrownBy(() -> parse(with(base, "stray"))).hasMessageContaining("unexpected argument 'stray'");
        assertThatThrownBy(() -> parse(with(base, "--mem"))).hasMessage("option --mem needs a value");
        assertThatThrownBy(() -> parse(with(base, "--instances", "0"))).hasMessageContaining("--instances '0'");
        assertThatThrownBy(() -> parse(with(base, "--instances", "two"))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> parse(with(base, "--cpus", "-1"))).hasMessageContaining("--cpus '-1'");
        assertThatThrownBy(() -> parse(with(base, "--mem", "0.0001"))).hasMessageContaining("--mem");
        assertThatThrownBy(() -> parse(with(base, "--env", "NOVALUE"))).hasMessageContaining("NAME=VALUE");
        assertThatThrownBy(() -> parse(with(base, "--json=yes"))).hasMessage("option --json takes no value");
        assertThatThrownBy(() -> parse(with(base, "--name", "again"))).hasMessage("option --name given twice");
        assertThatThrownBy(() -> parse(with(base, "--role", "a b"))).hasMessageContaining("not a valid role");
        assertThatThrownBy(() -> parse(with(base, "--failover-wait", "0"))).hasMessageContaining("--failover-wait '0'");
        assertThatThrownBy(() -> parse(with(base, "--failover-timeout", "-1")))
                .hasMessageContaining("--failover-timeout '-1'").hasMessageContaining("seconds");
        assertThatThrownBy(() -> parse(with(base, "--failover-timeout", "NaN"))).hasMessageContaining("seconds");
        assertThatThrownBy(() -> parse("--master", "m:99999", "--name", "n", "--command", "c"))
                .hasMessageContaining("--master").hasMessageContaining("port");
    }

    @Test
    void caNamesTheCertificatesThatVerifyTheMaster(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        ExecuteOptions options = parse("--master", "https://m:5050", "--command", "c", "--ca", pki.caPem().toString());
        assertThat(options.ca()).contains(pki.caPem());
        assertThat(options.master()).isEqualTo("https://m:5050");

        assertThatThrownBy(() -> parse("--master", "m", "--command", "c", "--ca", dir.resolve("none.pem").toString()))
                .hasMessage("--ca " + dir.resolve("none.pem") + ": no such truststore file");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nxx\n");
        assertThatThrownBy(() -> parse("--master", "m", "--command", "c", "--ca", garbage.toString()))
                .hasMessageStartingWith("--ca " + garbage + ": not a PEM certificate bundle");
    }

    @Test
    void principalAndSecretFileGiveCredentials(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "s3cr3t with spaces\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        TestPki pki = TestPki.create(dir.resolve("pki"));

        ExecuteOptions options = parse("--master", "m:5050", "--command", "c", "--principal", "fw",
                "--secret-file", secret.toString(), "--ca", pki.caPem().toString());

        assertThat(options.principal()).contains("fw");
        assertThat(options.credentials()).hasValueSatisfying(c -> {
            assertThat(c.principal()).isEqualTo("fw");
            assertThat(c.secret()).as("the trailing line break is not part of it").isEqualTo("s3cr3t with spaces");
        });
        assertThat(options.warnings()).isEmpty();
        assertThat(options.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void aPrincipalAloneOnlyNamesTheFramework() throws Exception {
        ExecuteOptions options = parse("--master", "m:5050", "--command", "c", "--principal", "fw");

        assertThat(options.principal()).contains("fw");
        assertThat(options.credentials()).isEmpty();
    }

    @Test
    void aSecretFileOthersMayReadIsUsedWithAWarning(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "s3cr3t");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        ExecuteOptions options = parse("--master", "https://m:5050", "--command", "c", "--principal", "fw",
                "--secret-file", secret.toString());

        assertThat(options.credentials()).isPresent();
        assertThat(options.warnings()).containsExactly("the secret file " + secret + " is not private to its owner "
                + "(mode rw-r--r--); others may read it: chmod 600 " + secret);
    }

    @Test
    void aSecretSentWithoutTlsIsWarnedAbout(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "s3cr3t");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));

        assertThat(parse("--master", "m:5050", "--command", "c", "--principal", "fw", "--secret-file",
                secret.toString()).warnings()).singleElement().asString().contains("without TLS");
    }

    @Test
    void badCredentialOptionsAreNamed(@TempDir Path dir) throws Exception {
        String[] base = {"--master", "m:5050", "--command", "c"};
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Path twoLines = Files.writeString(dir.resolve("two"), "a\nb\n");
        Path big = Files.write(dir.resolve("big"), new byte[SecretFile.MAX_BYTES + 1]);
        Path latin1 = Files.write(dir.resolve("latin1"), new byte[] {'a', (byte) 0xe9});
        Path ok = Files.writeString(dir.resolve("ok"), "x");

        assertThatThrownBy(() -> parse(with(base, "--secret-file", ok.toString())))
                .hasMessage("--secret-file needs --principal: the secret is that principal's");
        assertThatThrownBy(() -> parse(with(base, "--principal", "fw", "--secret-file", dir.resolve("none")
                .toString()))).hasMessage("--secret-file " + dir.resolve("none") + ": no such file");
        assertThatThrownBy(() -> parse(with(base, "--principal", "fw", "--secret-file", empty.toString())))
                .hasMessage("--secret-file " + empty + ": empty");
        assertThatThrownBy(() -> parse(with(base, "--principal", "fw", "--secret-file", twoLines.toString())))
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> parse(with(base, "--principal", "fw", "--secret-file", big.toString())))
                .hasMessageContaining("larger than");
        assertThatThrownBy(() -> parse(with(base, "--principal", "fw", "--secret-file", latin1.toString())))
                .hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> parse(with(base, "--principal", "a:b", "--secret-file", ok.toString())))
                .hasMessageStartingWith("--principal: principal 'a:b'");
        assertThatThrownBy(() -> parse(with(base, "--principal", ""))).hasMessage("--principal: empty");
    }

    @Test
    void helpIsNotAnError() {
        assertThatThrownBy(() -> parse("--master", "m", "--help"))
                .isInstanceOfSatisfying(UsageException.class, e -> assertThat(e.isHelp()).isTrue());
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
