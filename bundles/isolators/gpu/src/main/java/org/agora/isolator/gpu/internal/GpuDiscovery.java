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
package org.agora.isolator.gpu.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds GPUs from their device files ({@code nvidia<N>} character devices; major and minor read from the node
 * itself) and, when nvidia-smi runs, their UUIDs ({@code nvidia-smi -q}'s "Minor Number" ties a UUID to a node).
 * Control devices ({@code nvidiactl}, {@code nvidia-uvm}, ...) every GPU container also needs.
 */
final class GpuDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(GpuDiscovery.class);
    private static final Pattern GPU_NODE = Pattern.compile("nvidia(\\d+)");
    private static final List<String> CONTROL = List.of("nvidiactl", "nvidia-uvm", "nvidia-uvm-tools",
            "nvidia-modeset");

    private final Path devices;
    private final String nvidiaSmi;

    GpuDiscovery(Path devices, String nvidiaSmi) {
        this.devices = devices;
        this.nvidiaSmi = nvidiaSmi;
    }

    List<Gpu> gpus() throws IOException {
        Map<Integer, String> uuids = uuidsByMinor();
        List<Gpu> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(devices)) {
            for (Path p : files.toList()) {
                Matcher m = GPU_NODE.matcher(p.getFileName().toString());
                if (m.matches() && isCharDevice(p)) {
                    long rdev = rdev(p);
                    int minor = minor(rdev);
                    found.add(new Gpu(major(rdev), minor, Optional.ofNullable(uuids.get(minor))));
                }
            }
        }
        found.sort(Comparator.comparingInt(Gpu::minor));
        return found;
    }

    /** Rules for the control devices present here. */
    List<String> controlRules() throws IOException {
        List<String> rules = new ArrayList<>();
        for (String name : CONTROL) {
            Path p = devices.resolve(name);
            if (Files.exists(p) && isCharDevice(p)) {
                long rdev = rdev(p);
                rules.add("c " + major(rdev) + ":" + minor(rdev) + " rwm");
            }
        }
        return rules;
    }

    private Map<Integer, String> uuidsByMinor() {
        Map<Integer, String> uuids = new HashMap<>();
        if (nvidiaSmi.isBlank()) {
            return uuids;
        }
        try {
            Process p = new ProcessBuilder(nvidiaSmi, "-q").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                LOG.warn("{} -q failed; GPUs are named by minor number", nvidiaSmi);
                return uuids;
            }
            uuids.putAll(parseQuery(out));
        } catch (IOException e) {
            LOG.info("{} not available ({}); GPUs are named by minor number", nvidiaSmi, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return uuids;
    }

    /** "GPU UUID : GPU-..." then "Minor Number : N" within each GPU's section of {@code nvidia-smi -q}. */
    static Map<Integer, String> parseQuery(String out) {
        Map<Integer, String> uuids = new HashMap<>();
        String uuid = null;
        for (String line : out.split("\n")) {
            String[] kv = line.split(":", 2);
            if (kv.length < 2) {
                continue;
            }
            String key = kv[0].trim();
            String value = kv[1].trim();
            if (key.equals("GPU UUID")) {
                uuid = value;
            } else if (key.equals("Minor Number") && uuid != null) {
                try {
                    uuids.put(Integer.parseInt(value), uuid);
                } catch (NumberFormatException e) {
                    // "N/A" on platforms without device nodes
                }
                uuid = null;
            }
        }
        return uuids;
    }

    private static boolean isCharDevice(Path p) throws IOException {
        return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).isOther();
    }

    private static long rdev(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:rdev")).longValue();
    }

    /** glibc's encoding of dev_t. */
    static int major(long dev) {
        return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
    }

    static int minor(long dev) {
        return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
    }
}
