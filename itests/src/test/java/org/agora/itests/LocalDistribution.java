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
package org.agora.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agora.testing.topology.Ports;

/**
 * A copy of the built local distribution, on free ports, started and stopped with its own bin/ scripts as a user
 * would. Each instance has its own directory, so data of an earlier run never leaks in.
 */
final class LocalDistribution implements AutoCloseable {
    final Path home;
    final int masterPort = freePort();
    final int agentPort = freePort();
    final int zkPort = freePort();
    final int sshPort = freePort();

    LocalDistribution(String name) throws IOException {
        Path built = Paths.get(System.getProperty("agora.local.dist", "target/system-test/agora-dist-local"));
        if (!Files.isDirectory(built)) {
            throw new IllegalStateException("the local distribution is not unpacked at " + built
                    + " (run through Maven: mvn install)");
        }
        home = built.resolveSibling(name + "-" + System.nanoTime());
        copy(built, home);
        set("etc/org.agora.master.cfg", Map.of("port", masterPort, "zk", "zk://127.0.0.1:" + zkPort + "/agora"));
        set("etc/org.agora.agent.cfg", Map.of("port", agentPort, "master", "zk://127.0.0.1:" + zkPort + "/agora"));
        set("etc/org.agora.zookeeper.server.cfg", Map.of("client.port", zkPort));
        set("etc/org.agora.services.cfg", Map.of("http.port", freePort(), "master", "zk://127.0.0.1:" + zkPort
                + "/agora", "zk", "zk://127.0.0.1:" + zkPort + "/agora-services"));
        set("etc/org.agora.isolator.cgroups.cfg", Map.of("cgroups.root", "agora-systemtest"));
        set("etc/org.apache.karaf.shell.cfg", Map.of("sshPort", sshPort));
        set("etc/org.apache.karaf.management.cfg", Map.of("rmiRegistryPort", freePort(), "rmiServerPort", freePort()));
    }

    String master() {
        return "http://127.0.0.1:" + masterPort;
    }

    void start() throws Exception {
        run(Duration.ofSeconds(60), "bin/start");
    }

    /** Runs a script of the distribution; returns its exit code, output into {@code output} when given. */
    int run(Duration timeout, String... command) throws Exception {
        return run(timeout, null, "", List.of(command));
    }

    /** Runs a script with {@code input} on its stdin; its output goes into {@code output} when given. */
    int run(Duration timeout, StringBuilder output, String input, List<String> command) throws Exception {
        return run(timeout, output, input, command, Map.of());
    }

    /** As {@link #run(Duration, StringBuilder, String, List)}, with {@code env} added to the environment. */
    int run(Duration timeout, StringBuilder output, String input, List<String> command, Map<String, String> env)
            throws Exception {
        List<String> argv = new ArrayList<>(command);
        argv.set(0, home.resolve(command.get(0)).toString());
        ProcessBuilder pb = new ProcessBuilder(argv).directory(home.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within " + timeout);
        }
        if (output != null) {
            output.append(new String(out));
        }
        return p.exitValue();
    }

    /** The Karaf process this distribution started, from the pid file Karaf writes. */
    Optional<ProcessHandle> process() throws IOException {
        Path pidFile = home.resolve("karaf.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String pid = Files.readString(pidFile).trim();
        return pid.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
    }

    /** Stops Karaf with bin/stop and waits for its process to end; kills it if it has not ended after 60 s. */
    @Override
    public void close() throws Exception {
        Optional<ProcessHandle> karaf = process();
        run(Duration.ofSeconds(60), "bin/stop");
        if (karaf.isPresent()) {
            try {
                karaf.get().onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                karaf.get().destroyForcibly();
                throw new IllegalStateException("Karaf in " + home + " still ran 60 s after bin/stop; killed it");
            }
        }
    }

    private void set(String file, Map<String, Object> values) throws IOException {
        Path f = home.resolve(file);
        List<String> lines = Files.exists(f) ? new ArrayList<>(Files.readAllLines(f)) : new ArrayList<>();
        for (var e : values.entrySet()) {
            String line = e.getKey() + " = " + e.getValue();
            boolean replaced = false;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches("\\s*" + java.util.regex.Pattern.quote(e.getKey()) + "\\s*=.*")) {
                    lines.set(i, line);
                    replaced = true;
                }
            }
            if (!replaced) {
                lines.add(line);
            }
        }
        Files.write(f, lines);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** {@link Ports#free()}: below the ephemeral range, never handed out twice. */
    static int freePort() {
        return Ports.free();
    }
}
