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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain socket to a test server, for requests no HTTP client would send. */
final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean closedByServer;

    RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(100);
    }

    RawConnection send(String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** Reads what has arrived; true once the server closed the connection (end of stream or reset). */
    boolean serverClosed() {
        if (closedByServer) {
            return true;
        }
        try {
            InputStream in = socket.getInputStream();
            byte[] b = new byte[8192];
            int n;
            while ((n = in.read(b)) >= 0) {
                received.write(b, 0, n);
            }
            closedByServer = true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            closedByServer = true; // reset
        }
        return closedByServer;
    }

    /** Everything received so far (after {@link #serverClosed()} read it). */
    String received() {
        serverClosed();
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Sends {@code request} on a new connection and returns all the server sent until it closed it. */
    static String exchange(int port, String request) throws Exception {
        try (RawConnection c = new RawConnection(port)) {
            c.send(request);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(c::serverClosed);
            return c.received();
        }
    }
}
