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
package org.agora.containerizer.mesos.internal;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts containers' processes through one long-lived {@code agora-launcher --serve} ({@code src/main/c/serve.c})
 * instead of forking the agent's JVM for each. A JVM's fork reads {@code /proc/self/fd} and closes each of its
 * hundreds of descriptors in the child, keeps a reaper thread per process, and its child then had to execute the
 * launcher; the spawner forks a small process and runs the launcher's steps in the child without executing anything
 * until the task. On the 2-core machine the JVM's fork, the reaper threads and the launcher's exec were about a third
 * of the CPU at 260 tasks/s ({@code perf record -a} during {@code benchmarks/cluster-throughput.sh}).
 *
 * <p>The spawner is the parent of the processes it starts and tells when each ends. Closed, it takes no more
 * launches but reaps what it started until all of it has ended (the next containerizer instance adopts those), so
 * that none is left a zombie under an init that does not reap orphans. If it dies, whatever it started is still
 * watched (by polling {@code /proc}, a zombie counting as ended; the agent reads the exit status from the sandbox)
 * and the next launch starts a new spawner. Safe for concurrent use.
 */
final class Spawner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spawner.class);
    /** How long a launch waits for the spawner to say it forked: it answers at once unless it is stuck. */
    private static final long START_TIMEOUT_SECONDS = 30;

    /**
     * A started process: its pid and its end, as {@link Process#exitValue()} would say it (128 + N for a signal N),
     * or null when the spawner died before telling (the process was watched by polling instead).
     */
    record Spawned(long pid, CompletableFuture<Integer> exit) {
        static Spawned of(Process process) {
            return new Spawned(process.pid(), process.onExit().thenApply(Process::exitValue));
        }
    }

    private final Path launcher;
    private final AtomicLong ids = new AtomicLong();
    /** The processes of a spawner that died, watched through /proc; they run on after {@link #close()} too. */
    private final ProcessEnds orphans = new ProcessEnds("agora-spawner-orphans");
    private Server server; // guarded by this
    private boolean closed; // guarded by this

    Spawner(Path launcher) {
        this.launcher = launcher;
    }

    /**
     * Forks a process with {@code argv}, exactly {@code env}, in {@code cwd}, stdin from /dev/null and stdout and
     * stderr appended to the files named.
     *
     * @param launcherSteps argv[0] is the native launcher: the child runs its steps without executing it
     * @throws IOException when it was not started (a file that cannot be opened, no spawner), saying why
     */
    Spawned spawn(boolean launcherSteps, List<String> argv, Map<String, String> env, Path cwd, Path stdout,
            Path stderr) throws IOException {
        long id = ids.incrementAndGet();
        List<String> fields = new ArrayList<>();
        fields.addAll(List.of(Long.toString(id), launcherSteps ? "L" : "E", cwd.toString(), stdout.toString(),
                stderr.toString(), Integer.toString(argv.size())));
        fields.addAll(argv);
        fields.add(Integer.toString(env.size()));
        env.forEach((k, v) -> fields.add(k + "=" + v));
        byte[] record = record(fields);
        Server s = server();
        CompletableFuture<Spawned> started = new CompletableFuture<>();
        s.starts.put(id, started);
        try {
            s.send(record);
            return started.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IOException("the spawner (pid " + s.process.pid() + ") did not answer within "
                    + START_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting a process", e);
        } finally {
            s.starts.remove(id);
        }
    }

    /**
     * No more launches: the spawner ends once everything it started has ended (it reaps it meanwhile); that runs on
     * and the next containerizer instance adopts it.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The spawner process now running, if any (tests). */
    synchronized java.util.OptionalLong serverPid() {
        return server == null || !server.process.isAlive() ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(server.process.pid());
    }

    private synchronized Server server() throws IOException {
        if (closed) {
            throw new IOException("the containerizer is stopping");
        }
        if (server == null || !server.process.isAlive()) {
            server = new Server(new ProcessBuilder(launcher.toString(), "--serve")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
            LOG.info("Spawner started (pid {}): containers are forked by {} --serve", server.process.pid(),
                    launcher);
        }
        return server;
    }

    /** One record: a 4-byte big-endian length, then NUL-terminated strings. */
    static byte[] record(List<String> fields) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (String f : fields) {
            if (f.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("an argument or environment entry contains a NUL character");
            }
            payload.writeBytes(f.getBytes(StandardCharsets.UTF_8));
            payload.write(0);
        }
        int n = payload.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 4);
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.writeBytes(payload.toByteArray());
        return out.toByteArray();
    }

    /** Java's exit value for a wait status: the code, or 128 + N for a signal N. */
    static int exitValue(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
    }

    /** One spawner process and the thread that reads its replies. */
    private final class Server {
        final Process process;
        private final OutputStream requests;
        final Map<Long, CompletableFuture<Spawned>> starts = new ConcurrentHashMap<>();
        private final Map<Long, CompletableFuture<Integer>> exits = new ConcurrentHashMap<>();
        private volatile boolean closing;

        Server(Process process) {
            this.process = process;
            this.requests = process.getOutputStream();
            Thread reader = new Thread(this::read, "agora-spawner-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        synchronized void send(byte[] record) throws IOException {
            requests.write(record);
            requests.flush();
        }

        void close() {
            closing = true;
            try {
                requests.close(); // end of its stdin: it ends, its children run on
            } catch (IOException e) {
                LOG.debug("Spawner {}: closing its stdin: {}", process.pid(), e.getMessage());
            }
        }

        private void read() {
            try (BufferedReader replies = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = replies.readLine()) != null) {
                    handle(line);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Spawner {}: cannot read its replies: {}", process.pid(), e.toString());
            }
            ended();
        }

        private void handle(String line) {
            String[] f = line.split(" ", 3);
            switch (f[0]) {
                case "S" -> {
                    long pid = Long.parseLong(f[2]);
                    CompletableFuture<Integer> exit = new CompletableFuture<>();
                    exits.put(pid, exit); // before the launch hears of it: this thread reads its X later
                    CompletableFuture<Spawned> start = starts.get(Long.parseLong(f[1]));
                    if (start == null || !start.complete(new Spawned(pid, exit))) {
                        // its launch gave up waiting (and cleaned up): nobody would watch this process
                        LOG.warn("Spawner {}: process {} was forked after its launch gave up waiting; killing it",
                                process.pid(), pid);
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                case "F" -> {
                    CompletableFuture<Spawned> start = starts.get(Long.parseLong(f[1]));
                    if (start != null) {
                        start.completeExceptionally(new IOException(f.length > 2 ? f[2] : "not started"));
                    }
                }
                case "X" -> {
                    CompletableFuture<Integer> exit = exits.remove(Long.parseLong(f[1]));
                    if (exit != null) {
                        exit.complete(exitValue(Integer.parseInt(f[2])));
                    }
                }
                default -> LOG.warn("Spawner {}: unexpected reply '{}'", process.pid(), line);
            }
        }

        /** Its stdout ended: it exited. Launches waiting fail; running processes are watched by polling. */
        private void ended() {
            if (!closing) {
                LOG.error("Spawner {} ended unexpectedly (exit {}); {} running processes are watched by polling, the "
                        + "next launch starts a new spawner", process.pid(), exitOf(process), exits.size());
            }
            starts.values().forEach(s -> s.completeExceptionally(new IOException("the spawner (pid "
                    + process.pid() + ") ended")));
            exits.forEach((pid, exit) -> orphans.ended(pid).thenRun(() -> exit.complete(null)));
            exits.clear();
        }
    }

    private static String exitOf(Process p) {
        try {
            return p.waitFor(1, TimeUnit.SECONDS) ? Integer.toString(p.exitValue()) : "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
