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
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectionLimitTest {
    private static final int MAX = 5;

    @Test
    void connectionsAboveTheCapAreClosedAtOnceAndAdmittedAgainWhenOthersClose() throws Exception {
        Router router = Router.builder()
                .get("/health", r -> CompletableFuture.completedFuture(Response.text(200, "ok")))
                .build();
        try (HttpServer server = HttpServer.start("capped", "127.0.0.1", 0, router,
                HttpServerSettings.DEFAULTS.withMaxConnections(MAX)).get(10, TimeUnit.SECONDS)) {
            List<RawConnection> held = new ArrayList<>();
            try {
                for (int i = 0; i < MAX; i++) {
                    held.add(new RawConnection(server.port()));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == MAX);

                try (RawConnection refused = new RawConnection(server.port())) {
                    await().atMost(Duration.ofSeconds(10)).until(refused::serverClosed);
                    assertThat(refused.received()).isEmpty();
                }
                assertThat(held).noneMatch(RawConnection::serverClosed);

                held.remove(0).close();
                await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == MAX - 1);
                String answer = RawConnection.exchange(server.port(),
                        "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("ok");
            } finally {
                for (RawConnection c : held) {
                    c.close();
                }
            }
        }
    }
}
