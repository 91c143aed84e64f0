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
package org.agora.isolator.network.cni.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.agora.api.json.Json;
import org.agora.api.v1.Protos.NetworkInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs CNI plugins as the CNI spec (0.4.0, 1.0.0) has a runtime do it: the plugin named by a configuration's
 * {@code type}, found in the plugin directories, with {@code CNI_COMMAND}, {@code CNI_CONTAINERID},
 * {@code CNI_NETNS}, {@code CNI_IFNAME} and {@code CNI_PATH} in its environment and its configuration on standard
 * input. For a list, ADD runs the plugins in order, each with {@code name}, {@code cniVersion} and the previous
 * plugin's result ({@code prevResult}) inserted; DEL runs them in reverse with the ADD result as {@code prevResult}.
 * Capability arguments ({@code runtimeConfig}, such as {@code portMappings}) go only to plugins that declare them;
 * the task's {@code NetworkInfo} goes to every plugin in {@code args}, as Mesos passes it.
 * A plugin that fails is named in the error, with the message of its error document.
 */
final class CniPlugins {
    private static final Logger LOG = LoggerFactory.getLogger(CniPlugins.class);
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** Where Mesos puts its metadata in a plugin's {@code args}. */
    static final String MESOS_ARGS = "org.apache.mesos";

    private final List<Path> dirs;
    private final Duration timeout;

    CniPlugins(List<Path> dirs, Duration timeout) {
        this.dirs = List.copyOf(dirs);
        this.timeout = timeout;
    }

    /** The directories of a colon-separated list ({@code CNI_PATH}'s form). */
    static List<Path> dirs(String colonSeparated) {
        List<Path> out = new ArrayList<>();
        for (String d : colonSeparated.split(":")) {
            if (!d.isBlank()) {
                out.add(Path.of(d.trim()));
            }
        }
        return out;
    }

    List<Path> dirs() {
        return dirs;
    }

    /**
     * The plugin program {@code type}.
     *
     * @throws CniException naming the plugin and the directories searched
     */
    Path locate(String type) {
        for (Path d : dirs) {
            Path p = d.resolve(type);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        throw new CniException("CNI plugin '" + type + "' is not in " + dirs.stream().map(Path::toString)
                .collect(Collectors.joining(":")));
    }

    /**
     * Attaches the namespace to the network.
     *
     * @param runtimeConfig capability arguments by capability name ({@code "portMappings"})
     * @return the result of the last plugin
     * @throws CniException naming the network and the plugin that failed, with its message
     */
    CniResult add(CniNetwork network, String containerId, Path netns, String ifname,
            Map<String, Object> runtimeConfig, NetworkInfo info) {
        CniResult prev = null;
        for (Map<String, Object> plugin : network.plugins()) {
            String out = invoke("ADD", network, plugin, prev, containerId, netns, ifname, runtimeConfig, info);
            if (!out.isBlank()) {
                prev = CniResult.parse(CniNetwork.type(plugin), out);
            }
        }
        if (prev == null) {
            throw new CniException("CNI network '" + network.name() + "': its plugins answered ADD with no result");
        }
        return prev;
    }

    /**
     * Detaches the namespace from the network: every plugin is asked, in reverse order, even after one failed.
     *
     * @param added the ADD result; null when ADD did not complete
     * @throws CniException for the first plugin that failed, naming it
     */
    void del(CniNetwork network, String containerId, Path netns, String ifname, Map<String, Object> runtimeConfig,
            NetworkInfo info, CniResult added) {
        CniResult prev = network.delGetsPrevResult() ? added : null;
        CniException first = null;
        List<Map<String, Object>> reversed = new ArrayList<>(network.plugins());
        java.util.Collections.reverse(reversed);
        for (Map<String, Object> plugin : reversed) {
            try {
                invoke("DEL", network, plugin, prev, containerId, netns, ifname, runtimeConfig, info);
            } catch (CniException e) {
                if (first != null) {
                    LOG.error("Container {}: {}", containerId, e.getMessage()); // the first one is the caller's
                }
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * What a plugin gets on standard input: its configuration, with (for a list) the network's name and version, the
     * previous result, the capability arguments it declares, and, as Mesos passes it, the task's {@code NetworkInfo}
     * (labels, port mappings) in {@code args["org.apache.mesos"].network_info}.
     */
    static Map<String, Object> stdin(CniNetwork network, Map<String, Object> plugin, CniResult prev,
            Map<String, Object> runtimeConfig, NetworkInfo info) {
        Map<String, Object> conf = new LinkedHashMap<>(plugin);
        Map<String, Object> args = new LinkedHashMap<>();
        if (plugin.get("args") instanceof Map<?, ?> own) {
            own.forEach((k, v) -> args.put(String.valueOf(k), v));
        }
        args.put(MESOS_ARGS, Map.of("network_info", info));
        conf.put("args", args);
        if (network.list()) {
            conf.put("cniVersion", network.cniVersion());
            conf.put("name", network.name());
        }
        if (prev != null) {
            conf.put("prevResult", prev.document());
        }
        Map<String, Object> capabilities = new LinkedHashMap<>();
        runtimeConfig.forEach((capability, value) -> {
            if (CniNetwork.hasCapability(plugin, capability)) {
                capabilities.put(capability, value);
            }
        });
        if (!capabilities.isEmpty()) {
            conf.put("runtimeConfig", capabilities);
        }
        return conf;
    }

    private String invoke(String command, CniNetwork network, Map<String, Object> plugin, CniResult prev,
            String containerId, Path netns, String ifname, Map<String, Object> runtimeConfig, NetworkInfo info) {
        String type = CniNetwork.type(plugin);
        String what = "CNI plugin '" + type + "' of network '" + network.name() + "' failed to " + command
                + " container " + containerId + ": ";
        Path program;
        try {
            program = locate(type);
        } catch (CniException e) {
            throw new CniException(what + e.getMessage(), e);
        }
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("agora-cni-", ".out");
            err = Files.createTempFile("agora-cni-", ".err");
            ProcessBuilder pb = new ProcessBuilder(program.toString()).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            Map<String, String> env = pb.environment();
            env.clear();
            env.put("PATH", PATH);
            env.put("CNI_COMMAND", command);
            env.put("CNI_CONTAINERID", containerId);
            env.put("CNI_NETNS", netns.toString());
            env.put("CNI_IFNAME", ifname);
            env.put("CNI_PATH", dirs.stream().map(Path::toString).collect(Collectors.joining(":")));
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(Json.write(stdin(network, plugin, prev, runtimeConfig, info))
                        .getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                LOG.debug("CNI plugin {} closed its input early: {}", type, e.getMessage()); // its output tells why
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new CniException(what + "no answer within " + timeout.toMillis() + " ms; killed");
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                String msg = CniResult.errorMessage(stdout);
                if (msg == null) {
                    String stderr = Files.readString(err, StandardCharsets.UTF_8).strip();
                    msg = "exit status " + p.exitValue() + (stderr.isEmpty() && stdout.isBlank() ? ""
                            : ": " + (stderr.isEmpty() ? stdout.strip() : stderr));
                }
                throw new CniException(what + msg);
            }
            LOG.debug("Container {}: CNI plugin {} of network {}: {} {} done", containerId, type, network.name(),
                    command, ifname);
            return stdout;
        } catch (IOException e) {
            throw new CniException(what + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CniException(what + "interrupted", e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.debug("Cannot remove {}: {}", p, e.getMessage());
            }
        }
    }
}
