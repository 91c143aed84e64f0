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
package org.agora.agent.internal.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthProbesTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path sandbox;

    HttpServer server;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.createContext("/", exchange -> {
            int code = switch (exchange.getRequestURI().getPath()) {
                case "/ok" -> 200;
                case "/moved" -> 302;
                case "/broken" -> 500;
                default -> 404;
            };
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpProbe http(String path) {
        return new HttpProbe(LOOPBACK, server.getAddress().getPort(), path, false);
    }

    @Test
    void httpIsHealthyFor200To399AndNotOtherwise() throws Exception {
        assertThat(http("/ok").check(TIMEOUT)).isEmpty();
        assertThat(http("/moved").check(TIMEOUT)).isEmpty();
        assertThat(http("/missing").check(TIMEOUT)).get().asString()
                .startsWith("Unexpected HTTP response code: 404");
        assertThat(http("/broken").check(TIMEOUT)).get().asString().contains("500");
    }

    @Test
    void httpFailsWhenNothingListensOrNothingAnswersInTime() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            closed = s.getLocalPort();
        }
        assertThat(new HttpProbe(LOOPBACK, closed, "/", false).check(TIMEOUT)).get().asString()
                .contains("failed");
        try (ServerSocket silent = new ServerSocket(0, 1, LOOPBACK)) {
            // accepted by the kernel, never answered
            assertThat(new HttpProbe(LOOPBACK, silent.getLocalPort(), "/", false).check(Duration.ofMillis(200)))
                    .get().asString().contains("timed out");
        }
    }

    @Test
    void tcpIsHealthyWhenTheConnectionIsEstablished() throws Exception {
        assertThat(new TcpProbe(LOOPBACK, server.getAddress().getPort()).check(TIMEOUT)).isEmpty();
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            closed = s.getLocalPort();
        }
        assertThat(new TcpProbe(LOOPBACK, closed).check(TIMEOUT)).get().asString()
                .startsWith("Failed to connect to 127.0.0.1:" + closed);
    }

    private CommandProbe command(String shell) {
        return new CommandProbe(() -> List.of("/bin/sh", "-c", shell), Map.of("PATH", "/usr/bin:/bin", "WHO",
                "task-7"), sandbox, shell);
    }

    @Test
    void commandIsHealthyOnExitZeroAndRunsWithTheTasksEnvironmentInItsSandbox() throws Exception {
        Files.writeString(sandbox.resolve("ready"), "");
        assertThat(command("test -e ready && test \"$WHO\" = task-7").check(TIMEOUT)).isEmpty();
        assertThat(command("exit 3").check(TIMEOUT)).contains("Command 'exit 3' returned: exited with status 3");
    }

    @Test
    void aCommandThatOutlivesTheTimeoutFailsAndIsKilled() throws Exception {
        Optional<String> r = command("echo $$ > pid; exec sleep 600").check(Duration.ofMillis(300));
        assertThat(r).get().asString().contains("timed out after 300 ms");
        long pid = Long.parseLong(Files.readString(sandbox.resolve("pid")).trim());
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aCommandThatCannotStartFails() throws Exception {
        CommandProbe p = new CommandProbe(() -> {
            throw new IllegalStateException("no such user 'nobody-here'");
        }, Map.of(), sandbox, "true");
        assertThat(p.check(TIMEOUT)).get().asString().contains("no such user 'nobody-here'");
        CommandProbe missing = new CommandProbe(() -> List.of("/nonexistent/check"), Map.of(), sandbox, "check");
        assertThat(missing.check(TIMEOUT)).get().asString().startsWith("Failed to run the health check command");
    }
}
