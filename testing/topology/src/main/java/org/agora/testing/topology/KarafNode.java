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
package org.agora.testing.topology;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A copy of a built Karaf distribution in a directory of its own, run as a user runs it: {@code bin/start} (in the
 * background, optionally under a command prefix such as {@code ip netns exec <ns>}), its pid from
 * {@code karaf.pid}, {@code kill -9} by that pid, and started again on the same directory.
 *
 * <p>The copy hard-links the jars of {@code system/} and {@code lib/} (copies them when linking fails) and leaves
 * out the distribution's {@code data/}, so nothing of an earlier run leaks in. Karaf's SSH and RMI ports are moved
 * to free ones. Logs stay in {@code data/log/} of the copy ({@code karaf.log}, and {@code console.log} for what the
 * JVM printed).
 */
public abstract class KarafNode implements AutoCloseable {
    private static final Duration START_SCRIPT_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Path home;
    private final List<String> prefix;
    private final Map<String, String> environment = new HashMap<>();
    /** Every pid this node started (Karaf JVMs), so close() can end each of them. */
    private final Set<Long> started = ConcurrentHashMap.newKeySet();

    /**
     * @param name         a short name for logs and diagnostics, e.g. {@code m1}
     * @param distribution the built distribution, e.g. {@code karaf-dist/master/target/assembly}
     * @param home         where the copy goes; must not exist yet
     * @param bindIp       the address Karaf's SSH server listens on
     * @param prefix       a command that runs {@code bin/start} in another context (a network namespace), or empty
     */
    protected KarafNode(String name, Path distribution, Path home, String bindIp, List<String> prefix) {
        this.name = name;
        this.home = home;
        this.prefix = List.copyOf(prefix);
        copy(distribution, home);
        cfg("org.apache.karaf.shell.cfg", Map.of("sshPort", Ports.free(), "sshHost", bindIp));
        cfg("org.apache.karaf.management.cfg", Map.of("rmiRegistryPort", Ports.free(), "rmiServerPort",
                Ports.free()));
        // small heaps and a quick JIT: a topology runs eight JVMs or more on a small machine
        environment.put("JAVA_MIN_MEM", "64M");
        environment.put("JAVA_MAX_MEM", "384M");
        environment.put("EXTRA_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k");
    }

    public String name() {
        return name;
    }

    public Path home() {
        return home;
    }

    /** Sets keys in {@code etc/<file>} (see {@link CfgFile}); takes effect at the next start. */
    public final void cfg(String file, Map<String, ?> values) {
        CfgFile.set(home.resolve("etc").resolve(file), values);
    }

    /** Sets an environment variable for {@code bin/start} (e.g. {@code JAVA_MAX_MEM}). */
    public void environment(String key, String value) {
        environment.put(key, value);
    }

    /**
     * Runs {@code bin/start} and waits until Karaf has written its pid and that process lives. Does not wait for
     * the services inside to be ready; see the subclasses for that.
     *
     * @throws IllegalStateException if Karaf runs already, or does not come up within a minute
     */
    public void start() {
        if (alive()) {
            throw new IllegalStateException(name + ": Karaf already runs as pid " + pid().getAsLong());
        }
        try {
            Files.deleteIfExists(home.resolve("karaf.pid"));
            Files.createDirectories(home.resolve("data/log"));
            List<String> command = new ArrayList<>(prefix);
            command.add(home.resolve("bin/start").toString());
            ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("data/log/start.log").toFile()));
            pb.environment().putAll(environment);
            pb.environment().put("KARAF_REDIRECT", home.resolve("data/log/console.log").toString());
            Process p = pb.start();
            if (!p.waitFor(START_SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(name + ": bin/start did not return within " + START_SCRIPT_TIMEOUT);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(name + ": bin/start exited with " + p.exitValue() + "\n"
                        + LogTail.of(home.resolve("data/log/start.log"), 20));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot run bin/start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while starting", e);
        }
        Awaitility.await(name + " to write karaf.pid").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(this::alive);
        started.add(pid().getAsLong());
    }

    /** The pid in {@code karaf.pid}, if the file holds one. */
    public OptionalLong pid() {
        Path pidFile = home.resolve("karaf.pid");
        try {
            String text = Files.exists(pidFile) ? Files.readString(pidFile).trim() : "";
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty(); // being written
        }
    }

    /** Whether the process in {@code karaf.pid} runs. */
    public boolean alive() {
        OptionalLong pid = pid();
        return pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * SIGKILL to the Karaf JVM, as a crash or {@code kill -9} would; returns once it has exited. Its child processes
     * (tasks, for an agent) are left running, as they would be.
     *
     * @throws IllegalStateException if Karaf does not run, or still runs 10 s after the signal
     */
    public void kill9() {
        ProcessHandle p = handle().orElseThrow(() -> new IllegalStateException(name + ": Karaf does not run"));
        beforeKill(p);
        p.destroyForcibly();
        try {
            p.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + ": pid " + p.pid() + " still runs 10 s after SIGKILL", e);
        }
    }

    /** {@link #kill9()} if it runs, then {@link #start()} on the same directory. */
    public void restart() {
        if (alive()) {
            kill9();
        }
        start();
    }

    /** Called with the Karaf JVM just before it is killed (an agent remembers its tasks here). */
    protected void beforeKill(ProcessHandle karaf) {
    }

    /** The Karaf JVM, if it runs. */
    public Optional<ProcessHandle> handle() {
        OptionalLong pid = pid();
        return pid.isPresent() ? ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive) : Optional.empty();
    }

    /** Karaf's log file. */
    public Path log() {
        return home.resolve("data/log/karaf.log");
    }

    /** The last lines of Karaf's log and of what the JVM printed, headed by the node's name. */
    public String logTail(int lines) {
        return "----- " + name + " (" + home + ", pid " + pid() + (alive() ? ", running" : ", not running")
                + ") data/log/karaf.log:\n" + LogTail.of(log(), lines)
                + "----- " + name + " data/log/console.log:\n" + LogTail.of(home.resolve("data/log/console.log"),
                        Math.min(lines, 20));
    }

    /** Kills every Karaf JVM this node started that still runs (SIGKILL: tests need no graceful stop). */
    @Override
    public void close() {
        List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
        for (long pid : started) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(p -> {
                beforeKill(p);
                p.destroyForcibly();
                exits.add(p.onExit());
            });
        }
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + ": a Karaf JVM still runs 10 s after SIGKILL", e);
        }
    }

    private static void copy(Path from, Path to) {
        if (!Files.isDirectory(from.resolve("bin")) || !Files.isDirectory(from.resolve("etc"))) {
            throw new IllegalArgumentException(from + " is not a built Karaf distribution (no bin/ and etc/)");
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path rel = from.relativize(p);
                String first = rel.getNameCount() > 0 ? rel.getName(0).toString() : "";
                if (first.equals("data") && rel.getNameCount() > 1 || first.equals("instances")
                        || rel.toString().equals("karaf.pid") || rel.toString().equals("lock")) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (first.equals("system") || first.equals("lib")) {
                    link(p, target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    private static void link(Path existing, Path link) throws IOException {
        try {
            Files.createLink(link, existing);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(existing, link, StandardCopyOption.COPY_ATTRIBUTES); // another file system
        }
    }
}
