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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * An HTTP(S) check as Mesos's built-in executors run it: a {@code GET} of {@code scheme://<loopback>:port/path};
 * healthy when the status code is 200-399 ({@code statuses} is ignored, as Mesos's built-in executors ignore it). An
 * {@code https} check does not verify the task's certificate (Mesos runs {@code curl -k}). Only the status line is
 * read; the connection is closed after it.
 */
public final class HttpProbe implements HealthProbe {
    /** The longest status line read. */
    private static final int MAX_STATUS_LINE = 8192;

    private final InetAddress host;
    private final int port;
    private final String path;
    private final boolean https;

    /**
     * @param host the loopback address of the check's protocol (127.0.0.1 or ::1)
     * @param path the request path, {@code "/"} when the check names none
     */
    public HttpProbe(InetAddress host, int port, String path, boolean https) {
        this.host = host;
        this.port = port;
        this.path = path.isEmpty() ? "/" : path;
        this.https = https;
    }

    @Override
    public Optional<String> check(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), millis(timeout));
            plain.setSoTimeout(remaining(timeout, deadline)); // bounds the TLS handshake too
            Socket s = https ? tls(plain) : plain;
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + hostPort(host, port)
                    + "\r\nUser-Agent: agora-health-check\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String line = statusLine(s.getInputStream(), timeout, deadline, s);
            String[] parts = line.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
                return Optional.of("Unexpected HTTP response from " + url() + ": '" + line + "'");
            }
            int code = Integer.parseInt(parts[1]);
            if (code < 200 || code > 399) {
                return Optional.of("Unexpected HTTP response code: " + code + (parts.length > 2 ? " " + parts[2]
                        : "") + " from " + url());
            }
            return Optional.empty();
        } catch (SocketTimeoutException e) {
            return Optional.of("HTTP GET " + url() + " timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Optional.of("HTTP GET " + url() + " failed: " + e.getMessage());
        }
    }

    private static String statusLine(InputStream in, Duration timeout, long deadline, Socket s) throws IOException {
        StringBuilder line = new StringBuilder();
        while (line.length() < MAX_STATUS_LINE) {
            s.setSoTimeout(remaining(timeout, deadline));
            int c = in.read();
            if (c < 0 || c == '\n') {
                break;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** A TLS session over the connected socket that trusts any certificate: the task is checked, not proved. */
    private Socket tls(Socket plain) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustingManager()}, null);
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host.getHostAddress(), port, true);
            s.startHandshake();
            return s;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private String url() {
        return (https ? "https" : "http") + "://" + hostPort(host, port) + path;
    }

    @Override
    public String describe() {
        return "HTTP GET " + url();
    }

    static String hostPort(InetAddress host, int port) {
        return (host instanceof Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress()) + ":" + port;
    }

    /** A timeout in whole milliseconds for a socket (at least 1; 0 for none). */
    static int millis(Duration timeout) {
        return timeout.isZero() ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    private static int remaining(Duration timeout, long deadline) throws SocketTimeoutException {
        if (timeout.isZero()) {
            return 0;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
    }

    /** Accepts every certificate, as {@code curl -k} does for Mesos's HTTPS checks. */
    private static final class TrustingManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
