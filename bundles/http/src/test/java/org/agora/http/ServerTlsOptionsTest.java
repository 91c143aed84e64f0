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
package org.agora.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.agora.http.ServerTls.ClientAuthMode;
import org.agora.testing.pki.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unusable TLS options stop the component with a message that names the key, the file and the problem. */
class ServerTlsOptionsTest {
    private static final String PID = "org.agora.test";
    private static TestPki pki;

    @BeforeAll
    static void makeKeys() {
        pki = TestPki.createTemporary();
    }

    private static Optional<ServerTls> tls(String keystore, String password, String passwordFile, String truststore,
            String clientAuth) {
        return ServerTls.fromOptions(PID, keystore, password, passwordFile, truststore, "", clientAuth, true);
    }

    @Test
    void noKeystoreMeansNoTls() {
        assertThat(tls("", "", "", "", "none")).isEmpty();
        assertThatThrownBy(() -> tls("", "", "", pki.caPem().toString(), "")).hasMessageContaining("need tls.keystore");
    }

    @Test
    void aValidKeystoreWithItsPasswordInlineOrInAFile() {
        ServerTls inline = tls(pki.serverKeystore().toString(), TestPki.PASSWORD, "", "", "").orElseThrow();
        ServerTls fromFile = tls(pki.serverKeystore().toString(), "", pki.passwordFile().toString(), "", "none")
                .orElseThrow();
        assertThat(inline).isEqualTo(fromFile);
        assertThat(inline.clientAuth()).isEqualTo(ClientAuthMode.NONE);
        assertThat(inline.required()).isTrue();
        ServerTls need = tls(pki.serverKeystore().toString(), TestPki.PASSWORD, "", pki.caPem().toString(), "NEED")
                .orElseThrow();
        assertThat(need.clientAuth()).isEqualTo(ClientAuthMode.NEED);
        assertThat(need.truststore()).contains(pki.caPem());
    }

    @Test
    void aMissingKeystoreNamesTheKeyAndTheFile() {
        assertThatThrownBy(() -> tls("/nonexistent/master.p12", "x", "", "", ""))
                .hasMessage(PID + ": tls.keystore: /nonexistent/master.p12: no such keystore file");
    }

    @Test
    void aWrongPasswordNamesTheFile() {
        assertThatThrownBy(() -> tls(pki.serverKeystore().toString(), "wrong", "", "", ""))
                .hasMessage(PID + ": tls.keystore: " + pki.serverKeystore() + ": wrong password or not a PKCS12 "
                        + "keystore");
    }

    @Test
    void aMalformedOrKeylessKeystoreIsRefused(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a keystore at all");
        assertThatThrownBy(() -> tls(garbage.toString(), "x", "", "", ""))
                .hasMessageStartingWith(PID + ": tls.keystore: " + garbage + ": not a PKCS12 keystore");
        Path empty = Files.createFile(dir.resolve("empty.p12"));
        assertThatThrownBy(() -> tls(empty.toString(), "x", "", "", "")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> tls(pki.caPem().toString(), "x", "", "", ""))
                .hasMessageContaining(pki.caPem() + ": a PEM file, not a PKCS12 keystore");
        assertThatThrownBy(() -> tls(pki.caTruststore().toString(), TestPki.PASSWORD, "", "", ""))
                .hasMessageContaining(pki.caTruststore() + ": the keystore holds no private key");
    }

    @Test
    void thePasswordComesFromExactlyOnePlace(@TempDir Path dir) throws Exception {
        String keystore = pki.serverKeystore().toString();
        assertThatThrownBy(() -> tls(keystore, "", "", "", ""))
                .hasMessage(PID + ": tls.keystore needs tls.keystore.password or tls.keystore.password.file");
        assertThatThrownBy(() -> tls(keystore, TestPki.PASSWORD, pki.passwordFile().toString(), "", ""))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> tls(keystore, "", dir.resolve("missing").toString(), "", ""))
                .hasMessageContaining("tls.keystore.password.file: " + dir.resolve("missing") + ": no such");
        Path blank = Files.writeString(dir.resolve("blank"), "\n");
        assertThatThrownBy(() -> tls(keystore, "", blank.toString(), "", "")).hasMessageContaining("is empty");
    }

    @Test
    void clientAuthenticationNeedsATruststoreAndAKnownMode() {
        String keystore = pki.serverKeystore().toString();
        assertThatThrownBy(() -> tls(keystore, TestPki.PASSWORD, "", "", "need"))
                .hasMessageContaining("tls.client.auth=need needs tls.truststore");
        assertThatThrownBy(() -> tls(keystore, TestPki.PASSWORD, "", pki.caPem().toString(), "sometimes"))
                .hasMessage(PID + ": tls.client.auth='sometimes' is not none, want or need");
        assertThatThrownBy(() -> tls(keystore, TestPki.PASSWORD, "", "/nonexistent/ca.pem", "want"))
                .hasMessage(PID + ": tls.truststore: /nonexistent/ca.pem: no such truststore file");
        assertThatThrownBy(() -> tls(keystore, TestPki.PASSWORD, "", pki.passwordFile().toString(), "want"))
                .hasMessageStartingWith(PID + ": tls.truststore: " + pki.passwordFile() + ": not a PKCS12");
    }

    @Test
    void settingsOutOfRangeNameTheirKey() {
        assertThatThrownBy(() -> HttpServerSettings.of(PID, 2, -1, 4096, 8192, 0, 0, 0, 10, 1, Optional.empty()))
                .hasMessage(PID + ": http.max.body.bytes=-1 must not be negative");
        assertThatThrownBy(() -> HttpServerSettings.of(PID, 2, 1, 4096, 8192, -5, 0, 0, 10, 1, Optional.empty()))
                .hasMessage(PID + ": http.idle.timeout.ms=-5 must not be negative");
        assertThatThrownBy(() -> HttpServerSettings.of(PID, 2, 1, 4096, 8192, 0, 0, 0, 0, 1, Optional.empty()))
                .hasMessage(PID + ": http.max.connections=0 must be positive");
    }
}
