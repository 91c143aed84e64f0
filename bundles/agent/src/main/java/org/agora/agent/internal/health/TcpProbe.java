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

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

/** A TCP check: healthy when a connection to the task's port on the loopback address is established. */
public final class TcpProbe implements HealthProbe {
    private final InetAddress host;
    private final int port;

    /** @param host the loopback address of the check's protocol (127.0.0.1 or ::1) */
    public TcpProbe(InetAddress host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public Optional<String> check(Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), HttpProbe.millis(timeout));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("Failed to connect to " + HttpProbe.hostPort(host, port) + ": " + e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "TCP connect to " + HttpProbe.hostPort(host, port);
    }
}
