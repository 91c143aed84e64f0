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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A CNI bridge network that a test defines for the network/cni isolator, with the standard plugins of Debian's
 * containernetworking-plugins: a {@code .conflist} of {@code bridge} (a bridge of the test's own, gateway
 * {@code 10.214.<n>.1}, no masquerading) with {@code host-local} IPAM on a free private {@code 10.214.<n>.0/24} whose
 * leases stay in the test's directory, chained to {@code portmap} (capability {@code portMappings}). {@link #close()}
 * deletes the bridge and the NAT chains portmap made if there were none before. Needs root.
 */
public final class CniBridge implements AutoCloseable {
    /** Where Debian installs the plugins. */
    public static final Path PLUGINS = Path.of("/usr/lib/cni");

    private final String name;
    private final String bridge;
    private final String prefix;
    private final Path configDir;
    private final Path leases;
    private final boolean hadPortmapChains;

    /**
     * Why the network cannot be made here (not root, plugins or programs missing), or empty when it can.
     */
    public static Optional<String> missing() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("needs root for network namespaces (running as " + System.getProperty("user.name")
                    + ")");
        }
        for (String plugin : List.of("bridge", "host-local", "portmap")) {
            if (!Files.isExecutable(PLUGINS.resolve(plugin))) {
                return Optional.of("the CNI plugin " + PLUGINS.resolve(plugin) + " is missing (apt-get install "
                        + "containernetworking-plugins)");
            }
        }
        for (String program : List.of("/usr/bin/nsenter", "/usr/bin/unshare", "/usr/sbin/iptables")) {
            if (!Files.isExecutable(Path.of(program)) && !Files.isExecutable(Path.of(program.replace("/usr", "")))) {
                return Optional.of(program + " is missing");
            }
        }
        if (run(List.of("ip", "-V")).isEmpty()) {
            return Optional.of("iproute2's ip is missing");
        }
        return Optional.empty();
    }

    /**
     * Writes the network's configuration into {@code dir/net.d} as {@code <name>.conflist}.
     *
     * @param name the network's name (what tasks put in {@code NetworkInfo.name})
     */
    public CniBridge(Path dir, String name) throws IOException {
        this.name = name;
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong(0x100000, 0xffffff));
        this.bridge = "agcni" + suffix;
        this.prefix = "10.214." + freeOctet() + ".";
        this.configDir = Files.createDirectories(dir.resolve("net.d"));
        this.leases = Files.createDirectories(dir.resolve("ipam"));
        this.hadPortmapChains = natRules().stream().anyMatch(l -> l.startsWith("-N CNI-HOSTPORT-"));
        Files.writeString(configDir.resolve(name + ".conflist"), """
                {
                  "cniVersion": "1.0.0",
                  "name": "%s",
                  "plugins": [
                    {
                      "type": "bridge",
                      "bridge": "%s",
                      "isGateway": true,
                      "ipMasq": false,
                      "ipam": {
                        "type": "host-local",
                        "ranges": [[{"subnet": "%s0/24"}]],
                        "dataDir": "%s"
                      }
                    },
                    {"type": "portmap", "capabilities": {"portMappings": true}}
                  ]
                }
                """.formatted(name, bridge, prefix, leases), StandardCharsets.UTF_8);
    }

    /** The network's name. */
    public String name() {
        return name;
    }

    /** The directory to give the isolator as {@code network.cni.config.dir}. */
    public Path configDir() {
        return configDir;
    }

    /** The bridge's name on the host. */
    public String bridge() {
        return bridge;
    }

    /** The first three octets of the subnet, with the dot: {@code "10.214.57."}. */
    public String prefix() {
        return prefix;
    }

    /** The host ends of the veth pairs that hang on the bridge now. */
    public List<String> ports() {
        List<String> out = new ArrayList<>();
        for (String line : run(List.of("ip", "-o", "link", "show", "master", bridge)).orElse("").split("\n")) {
            String[] f = line.split(":\\s+");
            if (f.length > 1) {
                out.add(f[1].split("@")[0]);
            }
        }
        return out;
    }

    /** The addresses host-local has leased now (its files in the lease directory named for them). */
    public List<String> leases() throws IOException {
        try (var s = Files.walk(leases)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }

    /** The NAT rules now, as {@code iptables -t nat -S} prints them. */
    public static List<String> natRules() {
        return run(List.of("iptables", "-w", "-t", "nat", "-S")).map(s -> s.lines().toList()).orElse(List.of());
    }

    @Override
    public void close() {
        run(List.of("ip", "link", "del", bridge));
        if (!hadPortmapChains) {
            // portmap leaves its top chains (and their jumps) behind on DEL: remove what this test made
            for (String rule : natRules()) {
                if (rule.startsWith("-A ") && !rule.startsWith("-A CNI-") && rule.contains("-j CNI-HOSTPORT-")) {
                    List<String> argv = new ArrayList<>(List.of("iptables", "-w", "-t", "nat", "-D"));
                    argv.addAll(words(rule.substring(3)));
                    run(argv);
                }
            }
            for (String rule : natRules()) {
                if (rule.startsWith("-N CNI-HOSTPORT-") || rule.startsWith("-N CNI-DN-")) {
                    String chain = rule.substring(3);
                    run(List.of("iptables", "-w", "-t", "nat", "-F", chain));
                    run(List.of("iptables", "-w", "-t", "nat", "-X", chain));
                }
            }
        }
    }

    /** The words of a rule as iptables -S prints it: spaces separate them, except inside double quotes. */
    static List<String> words(String rule) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char ch : rule.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ' ' && !quoted) {
                if (word.length() > 0) {
                    out.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(ch);
            }
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }

    private static int freeOctet() {
        String routes = run(List.of("ip", "-4", "route", "show", "table", "all")).orElse("");
        for (int tries = 0; tries < 50; tries++) {
            int n = ThreadLocalRandom.current().nextInt(0, 255);
            if (!routes.contains("10.214." + n + ".")) {
                return n;
            }
        }
        throw new IllegalStateException("no free 10.214.x.0/24 subnet");
    }

    /** The command's output when it succeeds. */
    private static Optional<String> run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
