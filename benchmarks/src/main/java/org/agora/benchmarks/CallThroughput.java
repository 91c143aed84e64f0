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
package org.agora.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.ContentType;
import org.agora.scheduler.client.Disconnect;
import org.agora.scheduler.client.EventHandler;
import org.agora.scheduler.client.SchedulerClient;

/**
 * Scheduler-call throughput, as the README's wrk figure measures it: a subscribed framework's RECONCILE calls (JSON,
 * implicit: no tasks) sent by a load generator on several keep-alive connections, each with a fixed number of
 * requests in flight, for a while after a warm-up; counts the 202 answers. Plaintext and TLS (HTTPS to a master
 * with a keystore) are measured in the same run, each against a fresh master, and printed side by side.
 *
 * <p>Usage: {@code ./benchmarks/run.sh CallThroughput [seconds] [connections] [in-flight] [transport]
 * [header ...]}: defaults 10 s, 4 connections, 1 call in flight per connection (as wrk), transport {@code both}
 * (plain and tls), {@code plain}, {@code tls}, {@code secure} (TLS with authentication and ACLs on, every call
 * carrying the framework's credentials) or {@code all} (the three). Each further argument is a header line sent with
 * every call. Goal: TLS, and authentication with TLS, within 20 % of plain.
 */
public final class CallThroughput {
    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(3);

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int depth = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        String transport = args.length > 3 ? args[3] : "both";
        List<String> headers = args.length > 4 ? List.of(args).subList(4, args.length) : List.of();
        Map<BenchCluster.Mode, Double> rates = new java.util.LinkedHashMap<>();
        for (BenchCluster.Mode mode : BenchCluster.Mode.parse(transport)) {
            rates.put(mode, measure(mode, seconds, connections, depth, headers));
        }
        Double plain = rates.get(BenchCluster.Mode.PLAIN);
        rates.forEach((mode, rate) -> {
            if (plain != null && mode != BenchCluster.Mode.PLAIN) {
                System.out.printf("%s / plain: %.0f / %.0f calls/s = %.1f %%%n", mode.label(), rate, plain,
                        100 * rate / plain);
            }
        });
    }

    private static double measure(BenchCluster.Mode mode, int seconds, int connections, int depth,
            List<String> extraHeaders) throws Exception {
        String label = mode.label();
        try (BenchCluster cluster = BenchCluster.start(mode, Files.createTempDirectory("agora-calls"),
                Map.of("http.io.threads", 2), null);
                SchedulerClient framework = cluster.client().contentType(ContentType.JSON).handler(new Quiet())
                        .build()) {
            List<String> headers = new ArrayList<>(extraHeaders);
            cluster.authorizationHeader().ifPresent(headers::add);
            Event.Subscribed subscribed = framework.subscribe(cluster.framework(FrameworkInfo.newBuilder()
                    .setUser("nobody").setName("call-throughput").addRoles("*"))).get(10, TimeUnit.SECONDS);
            String streamId = framework.streamId().orElseThrow();
            byte[] body = ("{\"framework_id\":{\"value\":\"" + subscribed.getFrameworkId().getValue()
                    + "\"},\"type\":\"RECONCILE\",\"reconcile\":{}}").getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("POST /api/v1/scheduler HTTP/1.1\r\nHost: ")
                    .append(cluster.address).append("\r\nContent-Type: application/json\r\nAccept: application/json"
                            + "\r\nMesos-Stream-Id: ").append(streamId).append("\r\nContent-Length: ")
                    .append(body.length).append("\r\n");
            headers.forEach(h -> head.append(h).append("\r\n"));
            byte[] request = concat(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1), body);

            AtomicBoolean measuring = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong accepted = new AtomicLong();
            AtomicLong other = new AtomicLong();
            List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(connections);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Thread t = new Thread(() -> {
                    try (Socket socket = connect(cluster.port(), cluster.tls)) {
                        drive(socket, request, depth, stop, measuring, accepted, other);
                    } catch (IOException e) {
                        failures.add(e.toString());
                    } finally {
                        done.countDown();
                    }
                }, "calls-" + label + "-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(WARM_UP_NANOS)); // pacing the measurement, not synchronising
            long before = accepted.get();
            long start = System.nanoTime();
            measuring.set(true);
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            long count = accepted.get() - before;
            double elapsed = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            done.await(30, TimeUnit.SECONDS);
            double rate = count / elapsed;
            System.out.printf("%s: %d RECONCILE calls in %.1f s = %.0f calls/s on %d connections x %d in flight"
                    + " (%d answers other than 202%s)%n", label, count, elapsed, rate, connections, depth,
                    other.get(), failures.isEmpty() ? "" : "; failures: " + failures);
            return rate;
        }
    }

    private static Socket connect(int port, Optional<SSLContext> tls) throws IOException {
        Socket plain = new Socket();
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        if (tls.isEmpty()) {
            return plain;
        }
        SSLSocket socket = (SSLSocket) tls.get().getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** Keeps {@code depth} requests in flight on one connection until told to stop. */
    private static void drive(Socket socket, byte[] request, int depth, AtomicBoolean stop, AtomicBoolean measuring,
            AtomicLong accepted, AtomicLong other) throws IOException {
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        for (int i = 0; i < depth; i++) {
            out.write(request);
        }
        out.flush();
        while (!stop.get()) {
            int status = readAnswer(in);
            if (status == 202) {
                accepted.incrementAndGet();
            } else if (measuring.get()) {
                other.incrementAndGet();
            }
            out.write(request);
            out.flush();
        }
    }

    /** Reads one answer (status line, headers, Content-Length body); its status. */
    private static int readAnswer(InputStream in) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.split(" ", 3)[1]);
        int length = 0;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                length = Integer.parseInt(h.substring(colon + 1).trim());
            }
        }
        in.skipNBytes(length);
        return code;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) c);
        }
        throw new IOException("the master closed the connection");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** The framework only holds the subscription; events are not looked at. */
    private static final class Quiet implements EventHandler {
        @Override
        public void event(Event event) {
        }

        @Override
        public void disconnected(Disconnect disconnect) {
            System.err.println("framework disconnected: " + disconnect);
        }
    }

    private CallThroughput() {
    }
}
