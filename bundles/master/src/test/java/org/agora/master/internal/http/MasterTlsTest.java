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
package org.agora.master.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.agora.api.tls.TlsMaterial;
import org.agora.master.internal.LeadingMaster;
import org.agora.master.internal.MasterComponent;
import org.agora.testing.pki.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A master with a keystore serves HTTPS only, with real handshakes against keys made by keytool. */
class MasterTlsTest {
    private static TestPki pki;
    private static MasterComponent master;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.createTemporary();
        master = LeadingMaster.start(Map.of("tls.keystore", pki.serverKeystore().toString(),
                "tls.keystore.password.file", pki.passwordFile().toString()));
        port = LeadingMaster.port(master);
    }

    @AfterAll
    static void stop() {
        master.stop();
    }

    private static HttpResponse<String> get(Path ca, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TlsMaterial.clientContext(TlsMaterial.trustManagers(ca, null), null)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesItsEndpointsOverHttpsAndReportsTlsWithoutThePassword() throws Exception {
        assertThat(get(pki.caPem(), "/health").statusCode()).isEqualTo(200);
        HttpResponse<String> state = get(pki.caPem(), "/master/state");
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(state.body()).contains("\"tls.keystore\":\"" + pki.serverKeystore() + "\"")
                .contains("\"tls.required\":\"true\"").doesNotContain(TestPki.PASSWORD);
    }

    @Test
    void aClientThatDoesNotTrustItsCaCannotTalkToIt() {
        assertThatThrownBy(() -> get(pki.otherCaPem(), "/health")).isInstanceOf(IOException.class);
    }

    @Test
    void refusesPlaintext() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 21\r\n\r\n{\"type\":\"GET_HEALTH\"}").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("HTTPS (TLS) only");
        }
    }
}
