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
package org.agora.benchmarks.scale;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the harness asks the live master over HTTP (its state, {@code GET_STATE}, {@code /metrics/snapshot}), timed,
 * and its heap after a full GC, asked of the JVM with {@code jcmd}.
 */
public final class MasterProbe {
    /** Latency percentiles over a series of reads, in ms, and the size of the last answer. */
    public record Latency(long p50, long p99, long bytes, int reads, int failures) {
        String text() {
            return reads == 0 ? "n/a" : p50 + " / " + p99 + " ms, " + mb(bytes);
        }
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public MasterProbe(String base) {
        this.base = base;
    }

    /** {@code GET /master/state}, {@code reads} times in a row. */
    public Latency state(int reads) {
        return series(reads, () -> HttpRequest.newBuilder(URI.create(base + "/master/state"))
                .timeout(Duration.ofSeconds(120)).GET().build());
    }

    /** The operator API's {@code GET_STATE} (JSON), {@code reads} times in a row. */
    public Latency getState(int reads) {
        return series(reads, () -> HttpRequest.newBuilder(URI.create(base + "/api/v1"))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_STATE\"}")).build());
    }

    private Latency series(int reads, java.util.function.Supplier<HttpRequest> request) {
        return series(reads, () -> {
            HttpResponse<byte[]> r = http.send(request.get(), HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? r.body().length : -1;
        });
    }

    /** One read: the size of a whole answer, or -1 when it was not a 200 that came whole. */
    private interface Read {
        long once() throws IOException, InterruptedException;
    }

    private static Latency series(int reads, Read read) {
        List<Long> ms = new ArrayList<>();
        long bytes = 0;
        int failures = 0;
        for (int i = 0; i < reads; i++) {
            long t0 = System.nanoTime();
            try {
                long n = read.once();
                if (n < 0) {
                    failures++;
                    continue;
                }
                bytes = n;
                ms.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            } catch (IOException e) {
                failures++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ms.sort(null);
        return ms.isEmpty() ? new Latency(0, 0, 0, 0, failures) : new Latency(percentile(ms, 50),
                percentile(ms, 99), bytes, ms.size(), failures);
    }

    /**
     * Reads {@code /master/state} on a thread of its own until it is closed, starting a read at most once every
     * {@code period} ({@link Duration#ZERO}: back to back; a read that takes longer than the period is followed by
     * the next at once), counting complete answers in {@code reads} and the thread's CPU time in {@code cpuNanos}.
     *
     * <p>The reader shares this machine's two cores with the master and with the simulated agents and frameworks
     * whose launch rate is being measured, while a real reader (a UI, a monitoring job) runs elsewhere. So it costs
     * as little as a client can: a plain socket, one request with {@code Connection: close}, and the answer read into
     * one reused buffer until the master closes the connection after the chunked body's last chunk. Java's
     * HttpClient, which read it before, took a fifth of a core decoding the chunks of a 38 MB answer into new
     * buffers. Closing it closes the socket of the read under way, so that no read runs on into the next window.
     */
    public StateReader readEvery(Duration period, AtomicLong reads, AtomicLong cpuNanos) {
        return new StateReader(URI.create(base), period, reads, cpuNanos);
    }

    /** A reader of {@link #readEvery}; {@link #close} stops it mid-read and waits for its thread. */
    public static final class StateReader implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<java.net.Socket> reading = new AtomicReference<>();
        private final Thread thread;

        StateReader(URI uri, Duration period, AtomicLong reads, AtomicLong cpuNanos) {
            thread = new Thread(() -> {
                java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
                long cpu0 = cpu.getCurrentThreadCpuTime();
                byte[] buffer = new byte[1 << 16];
                long next = System.nanoTime();
                while (!stop.get()) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait); // close() unparks it
                        continue;
                    }
                    next = System.nanoTime() + period.toNanos();
                    try {
                        if (readState(uri.getHost(), uri.getPort(), buffer, this::opened) > 0) {
                            reads.incrementAndGet();
                        }
                    } catch (IOException e) {
                        // the master is busy or gone, or the reader was closed mid-read
                    }
                    cpuNanos.set(cpu.getCurrentThreadCpuTime() - cpu0);
                }
            }, "state-reader");
            thread.setDaemon(true);
            thread.start();
        }

        // Checked after the socket is published: a close() that came first finds it, or this sees the stop.
        private boolean opened(java.net.Socket socket) {
            reading.set(socket);
            return !stop.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            java.util.concurrent.locks.LockSupport.unpark(thread);
            java.net.Socket socket = reading.get();
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing is all that was wanted
                }
            }
            thread.join(TimeUnit.MINUTES.toMillis(2));
        }
    }

    /**
     * {@code GET /master/state}, {@code reads} times in a row, with the plain-socket client of
     * {@link #readEvery}: the latency of the master's answer without most of what Java's HttpClient adds to
     * receiving it ({@link #state} measures with that client).
     */
    public Latency stateWithPlainSocket(int reads) {
        URI uri = URI.create(base);
        byte[] buffer = new byte[1 << 16];
        return series(reads, () -> readState(uri.getHost(), uri.getPort(), buffer, socket -> true));
    }

    /**
     * One {@code GET /master/state}: the bytes received (head, body and chunk framing) when a 200 came with its
     * whole chunked body, else -1; -1 at once when {@code proceed} refuses the opened socket.
     */
    private static long readState(String host, int port, byte[] buffer,
            java.util.function.Predicate<java.net.Socket> proceed) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(host, port)) {
            if (!proceed.test(socket)) {
                return -1;
            }
            socket.setSoTimeout(120_000);
            socket.getOutputStream().write(("GET /master/state HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            java.io.InputStream in = socket.getInputStream();
            int n = in.readNBytes(buffer, 0, 12);
            if (n < 12 || !new String(buffer, 0, 12, StandardCharsets.US_ASCII).equals("HTTP/1.1 200")) {
                return -1;
            }
            long total = n;
            // the last chunk and the empty trailer end the body: "0\r\n\r\n" are the last five bytes
            byte[] tail = new byte[5];
            int read;
            while ((read = in.read(buffer)) > 0) {
                total += read;
                int keep = Math.min(read, 5);
                System.arraycopy(tail, keep, tail, 0, 5 - keep);
                System.arraycopy(buffer, read - keep, tail, 5 - keep, keep);
            }
            return new String(tail, StandardCharsets.US_ASCII).equals("0\r\n\r\n") ? total : -1;
        }
    }

    /** {@code /metrics/snapshot} as name to value; empty when the master does not answer within the timeout. */
    public Map<String, Double> metrics(Duration timeout) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics/snapshot"))
                    .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Map.of();
            }
            Map<String, Double> out = new java.util.TreeMap<>();
            Matcher m = Pattern.compile("\"([^\"]+)\"\\s*:\\s*(-?[0-9.eE+-]+)").matcher(r.body());
            while (m.find()) {
                out.put(m.group(1), Double.parseDouble(m.group(2)));
            }
            return out;
        } catch (IOException | NumberFormatException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /** {@code elected_time} of {@code /master/state} in epoch ms, when the master leads. */
    public Optional<Long> electedMillis() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/master/state"))
                    .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            Matcher m = Pattern.compile("\"elected_time\"\\s*:\\s*([0-9.eE+]+)").matcher(r.body());
            return m.find() ? Optional.of((long) (Double.parseDouble(m.group(1)) * 1000)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Live heap of the JVM {@code pid} after a full GC: {@code jcmd <pid> GC.class_histogram} collects first and
     * totals the live objects.
     */
    public static long liveHeapBytes(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.jcmd(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " GC.class_histogram failed: " + out.lines().limit(3).toList());
        }
        Matcher m = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)").matcher(out);
        if (!m.find()) {
            throw new IOException("jcmd " + pid + ": no Total line in the histogram");
        }
        return Long.parseLong(m.group(2));
    }

    static String mb(long bytes) {
        return bytes >= 10 << 20 ? (bytes >> 20) + " MB" : String.format("%.1f MB", bytes / 1048576.0);
    }

    static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Where the JDK's tools are. */
    private static final class Path {
        static String jcmd() {
            return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        }
    }
}
