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
                true, "tester", "agora-execute", false, Duration.ofSeconds(60), 0, false, Optional.empty()));
    }

    @Test
    void everyOptionIsTakenInBothSpellings() throws UsageException {
        ExecuteOptions options = parse("--master=zk://zk1:2181,zk2:2181/agora", "--name", "n", "--command=/bin/echo a b",
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
