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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces, veth pairs and a bridge that a test creates (and deletes again, also after a failure), to
 * run processes on addresses of their own and cut them off from each other. Needs root and iproute2; no iptables:
 * a partition takes a link down.
 *
 * <p>Layout: a bridge in this namespace with {@code 10.213.<subnet>.1/24} (the host side); each
 * {@link #namespace namespace} hangs on it by a veth pair with {@code 10.213.<subnet>.<n>/24}, so everything reaches
 * everything through the bridge, and {@link Namespace#cut()} takes its port down, which cuts it off from all of
 * them. {@link #link} adds a point-to-point pair (a /30 of {@code 10.213.<subnet + 1>.0/24}) between two namespaces
 * or a namespace and the host, which stays up when the bridge port is cut: a second path, e.g. for a test to watch
 * a partitioned process.
 *
 * <p>Names start with a short prefix of the test's choosing; leftovers with that prefix from an earlier run that
 * died are removed first.
 */
public final class NetworkLab implements AutoCloseable {
    private final String prefix;
    private final int subnet;
    private final String bridge;
    private final List<Namespace> namespaces = new ArrayList<>();
    private final List<String> hostLinks = new ArrayList<>();
    private final Thread cleanupAtExit = new Thread(this::deleteAll, "network-lab-cleanup");
    private int nextHost = 10;
    private int nextLink;
    private int nextInterface;

    /** A namespace on the lab's bridge. */
    public final class Namespace {
        private final String name;
        private final String ip;
        private final String hostPort;
        private volatile boolean cut;

        private Namespace(String name, String ip, String hostPort) {
            this.name = name;
            this.ip = ip;
            this.hostPort = hostPort;
        }

        /** The namespace's name, as {@code ip netns} knows it. */
        public String name() {
            return name;
        }

        /** Its address on the bridge. */
        public String ip() {
            return ip;
        }

        /** {@code ip netns exec <name>}: a command prefix that runs a program inside. */
        public List<String> exec() {
            return List.of("ip", "netns", "exec", name);
        }

        /** Takes its bridge port down: nothing on the bridge reaches it, nor it them, until {@link #heal()}. */
        public void cut() {
            NetworkLab.ip("link", "set", hostPort, "down");
            cut = true;
        }

        /** Brings its bridge port up again. */
        public void heal() {
            NetworkLab.ip("link", "set", hostPort, "up");
            cut = false;
        }

        public boolean isCut() {
            return cut;
        }

        @Override
        public String toString() {
            return name + "(" + ip + (cut ? ", cut" : "") + ")";
        }
    }

    /**
     * A point-to-point link: {@code a} has {@code aIp}, {@code b} (or the host, when {@code b} is null) has
     * {@code bIp}.
     */
    public record Link(String aIp, String bIp, String aInterface, Optional<Namespace> aNamespace) {
        /** Takes the link down (on {@code a}'s side). */
        public void cut() {
            run(aNamespace.map(n -> List.of("ip", "-n", n.name())).orElse(List.of("ip")), "link", "set",
                    aInterface, "down");
        }

        /** Brings it up again. */
        public void heal() {
            run(aNamespace.map(n -> List.of("ip", "-n", n.name())).orElse(List.of("ip")), "link", "set",
                    aInterface, "up");
        }
    }

    private NetworkLab(String prefix, int subnet) {
        this.prefix = prefix;
        this.subnet = subnet;
        this.bridge = prefix + "br";
    }

    /**
     * Why namespaces cannot be used here (not root, no {@code ip netns}, no bridges), or empty when they can.
     */
    public static Optional<String> unavailable() {
        if (!isRoot()) {
            return Optional.of("needs root to create network namespaces (running as " + System.getProperty(
                    "user.name") + ")");
        }
        try {
            Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.of("`ip netns list` failed: " + out.strip());
            }
        } catch (IOException e) {
            return Optional.of("iproute2's `ip` is not available: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        return Optional.empty();
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .anyMatch(l -> l.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Creates the bridge {@code <prefix>br} with {@code 10.213.<subnet>.1/24}.
     *
     * @param prefix at most 5 characters, for every name the lab creates (interface names have 15 at most)
     * @param subnet the third octet of the bridge's /24 (the next one holds the point-to-point links)
     * @throws IllegalStateException if a command fails (no bridge support, say)
     */
    public static NetworkLab create(String prefix, int subnet) {
        if (prefix.length() > 5 || subnet < 0 || subnet > 253) {
            throw new IllegalArgumentException("prefix of at most 5 characters and subnet 0-253 expected");
        }
        NetworkLab lab = new NetworkLab(prefix, subnet);
        lab.removeLeftovers();
        Runtime.getRuntime().addShutdownHook(lab.cleanupAtExit);
        try {
            ip("link", "add", lab.bridge, "type", "bridge");
            ip("addr", "add", "10.213." + subnet + ".1/24", "dev", lab.bridge);
            ip("link", "set", lab.bridge, "up");
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** The host's address on the bridge. */
    public String hostIp() {
        return "10.213." + subnet + ".1";
    }

    /** A new namespace {@code <prefix>-<name>} on the bridge, with loopback up. */
    public synchronized Namespace namespace(String name) {
        int host = nextHost++;
        String ns = prefix + "-" + name;
        String hostPort = prefix + (nextInterface++) + "b";
        ip("netns", "add", ns);
        Namespace n = new Namespace(ns, "10.213." + subnet + "." + host, hostPort);
        namespaces.add(n);
        ip("-n", ns, "link", "set", "lo", "up");
        ip("link", "add", hostPort, "type", "veth", "peer", "name", "eth0", "netns", ns);
        hostLinks.add(hostPort);
        ip("link", "set", hostPort, "master", bridge);
        ip("link", "set", hostPort, "up");
        ip("-n", ns, "addr", "add", n.ip + "/24", "dev", "eth0");
        ip("-n", ns, "link", "set", "eth0", "up");
        return n;
    }

    /**
     * A point-to-point link between {@code a} and {@code b}, or between {@code a} and the host when {@code b} is
     * null, on the next free /30 of {@code 10.213.<subnet + 1>.0/24}.
     */
    public synchronized Link link(Namespace a, Namespace b) {
        int base = 4 * nextLink++;
        if (base > 248) {
            throw new IllegalStateException("no /30 left for another link");
        }
        String net = "10.213." + (subnet + 1) + ".";
        String aIp = net + (base + 1);
        String bIp = net + (base + 2);
        String aIf = prefix + (nextInterface++) + "p";
        String bIf = prefix + (nextInterface++) + "p";
        ip("link", "add", aIf, "netns", a.name, "type", "veth", "peer", "name", bIf);
        if (b != null) {
            ip("link", "set", bIf, "netns", b.name);
        } else {
            hostLinks.add(bIf);
        }
        List<String> bIp2 = b != null ? List.of("ip", "-n", b.name) : List.of("ip");
        run(List.of("ip", "-n", a.name), "addr", "add", aIp + "/30", "dev", aIf);
        run(List.of("ip", "-n", a.name), "link", "set", aIf, "up");
        run(bIp2, "addr", "add", bIp + "/30", "dev", bIf);
        run(bIp2, "link", "set", bIf, "up");
        return new Link(aIp, bIp, aIf, Optional.of(a));
    }

    /** Deletes every namespace, link and the bridge (processes inside must have been stopped first). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs
        }
        deleteAll();
    }

    private synchronized void deleteAll() {
        for (Namespace n : namespaces) {
            quietly("netns", "delete", n.name);
        }
        for (String l : hostLinks) {
            quietly("link", "delete", l);
        }
        quietly("link", "delete", bridge);
        namespaces.clear();
        hostLinks.clear();
    }

    private void removeLeftovers() {
        for (String line : output("netns", "list")) {
            String ns = line.split("\\s+")[0];
            if (ns.startsWith(prefix + "-")) {
                quietly("netns", "delete", ns);
            }
        }
        for (String line : output("-o", "link", "show")) {
            String[] parts = line.split(":\\s+");
            if (parts.length > 1) {
                String name = parts[1].split("@")[0];
                if (name.startsWith(prefix)) {
                    quietly("link", "delete", name);
                }
            }
        }
    }

    private static void ip(String... args) {
        run(List.of("ip"), args);
    }

    private static void run(List<String> command, String... args) {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", argv) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", argv), e);
        }
    }

    private static void quietly(String... args) {
        try {
            ip(args);
        } catch (IllegalStateException e) {
            // already gone
        }
    }

    private static List<String> output(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out.lines().toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
