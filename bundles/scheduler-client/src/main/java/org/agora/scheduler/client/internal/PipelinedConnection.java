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
package org.agora.scheduler.client.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One keep-alive HTTP/1.1 connection to a master carrying scheduler calls pipelined: requests are written as they
 * come, answers are read in order by one reader thread. Calls therefore reach the master in the order they were made
 * and cost no connection set-up; the JDK client opened a connection per concurrent call instead. A broken connection
 * fails every call still waiting for its answer (any of them may have been applied: the caller decides to retry) and
 * is not used again.
 */
final class PipelinedConnection implements AutoCloseable {
    /** A parsed answer: status, headers (names lower case) and body text. */
    record Answer(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    private final HostPort master;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    /**
     * Requests on the wire without an answer yet; more wait in {@link #backlog}, in order. Servers bound pipelining
     * (Netty refuses more than 128 queued requests on a connection and closes it), so this stays well below.
     */
    static final int MAX_PIPELINED = 32;

    private final Queue<CompletableFuture<Answer>> waiting = new ArrayDeque<>();
    private final Queue<Runnable> backlog = new ArrayDeque<>();
    private final Queue<CompletableFuture<Answer>> pendingInBacklog = new ArrayDeque<>();
    private volatile boolean broken;
    private boolean closing;

    /**
     * Connects, and with {@code tls} completes the TLS handshake (the master's certificate must be trusted by the
     * context and name {@code master}'s host), both within {@code connectTimeout}.
     */
    PipelinedConnection(HostPort master, Duration connectTimeout, String threadName, Optional<SSLContext> tls)
            throws IOException {
        this.master = master;
        Socket plain = new Socket();
        plain.setTcpNoDelay(true);
        plain.setKeepAlive(true);
        plain.connect(new InetSocketAddress(master.host(), master.port()), (int) connectTimeout.toMillis());
        this.socket = tls.isPresent() ? secure(plain, tls.get(), master, connectTimeout) : plain;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        Thread reader = new Thread(this::readAnswers, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private static Socket secure(Socket plain, SSLContext context, HostPort master, Duration timeout)
            throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, master.host(), master.port(),
                true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // as the JDK's HttpClient checks the name
        socket.setSSLParameters(parameters);
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.startHandshake();
            socket.setSoTimeout(0);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    boolean usable() {
        return !broken;
    }

    /** Writes one POST; the future completes with its answer, or fails if the connection breaks first. */
    CompletableFuture<Answer> post(String path, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(master.host()).append(':').append(master.port()).append("\r\nContent-Length: ")
                .append(body.length).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        Runnable write = () -> {
            waiting.add(answer);
            try {
                out.write(headBytes);
                out.write(body);
                out.flush();
            } catch (IOException e) {
                fail(e);
            }
        };
        synchronized (this) {
            if (broken) {
                answer.completeExceptionally(new IOException("connection to " + master + " is closed"));
            } else if (waiting.size() < MAX_PIPELINED && backlog.isEmpty()) {
                write.run();
            } else {
                backlog.add(write);
                pendingInBacklog.add(answer);
            }
        }
        return answer;
    }

    private void readAnswers() {
        try {
            while (true) {
                Answer a = readAnswer();
                CompletableFuture<Answer> f;
                synchronized (this) {
                    f = waiting.poll();
                    while (!backlog.isEmpty() && waiting.size() < MAX_PIPELINED && !broken) {
                        pendingInBacklog.poll();
                        backlog.poll().run();
                    }
                }
                if (f != null) {
                    f.complete(a);
                }
                if ("close".equalsIgnoreCase(a.header("connection"))) {
                    throw new IOException("the master closed the connection");
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                fail(e);
            }
        }
    }

    private Answer readAnswer() throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection to " + master + " closed");
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer from " + master + ": " + status);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(h.substring(colon + 1).trim());
            }
        }
        List<String> length = headers.get("content-length");
        int n = length == null ? 0 : Integer.parseInt(length.get(0));
        byte[] body = in.readNBytes(n);
        if (body.length < n) {
            throw new IOException("answer from " + master + " cut short");
        }
        return new Answer(Integer.parseInt(parts[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }

    private static final System.Logger LOG = System.getLogger(PipelinedConnection.class.getName());

    /** Called holding the lock. */
    private void fail(IOException cause) {
        if (!broken && !closing && !(waiting.isEmpty() && backlog.isEmpty())) {
            LOG.log(System.Logger.Level.WARNING, "Connection to master " + master + " broke with " + waiting.size()
                    + " calls unanswered: " + cause);
        }
        broken = true;
        CompletableFuture<Answer> f;
        while ((f = waiting.poll()) != null) {
            f.completeExceptionally(cause);
        }
        backlog.clear();
        while ((f = pendingInBacklog.poll()) != null) {
            // never sent: the caller may safely retry these
            f.completeExceptionally(new IOException("not sent: " + cause.getMessage(), cause));
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            fail(new IOException("client closed"));
        }
    }
}
