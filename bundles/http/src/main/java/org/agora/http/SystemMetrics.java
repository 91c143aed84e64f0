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
package org.agora.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Mesos's {@code system/*} figures of the machine a master or agent runs on, for their {@code /metrics/snapshot}:
 * {@code system/cpus_total} (processors this JVM may use), {@code system/load_1min}, {@code _5min} and
 * {@code _15min} (from {@code /proc/loadavg}), {@code system/mem_total_bytes} and {@code system/mem_free_bytes}
 * ({@code MemTotal} and {@code MemFree} of {@code /proc/meminfo}). A figure whose file cannot be read (not Linux) is
 * left out rather than reported as 0.
 */
public final class SystemMetrics {
    private final Path proc;

    /** The figures of this machine ({@code /proc}). */
    public SystemMetrics() {
        this(Path.of("/proc"));
    }

    /** The figures read from {@code proc} (a copy of {@code /proc} in tests). */
    public SystemMetrics(Path proc) {
        this.proc = proc;
    }

    /** The figures now, sorted by key. */
    public Map<String, Double> figures() {
        Map<String, Double> m = new TreeMap<>();
        m.put("system/cpus_total", (double) Runtime.getRuntime().availableProcessors());
        try {
            String[] load = Files.readString(proc.resolve("loadavg")).trim().split("\\s+");
            if (load.length >= 3) {
                m.put("system/load_1min", Double.parseDouble(load[0]));
                m.put("system/load_5min", Double.parseDouble(load[1]));
                m.put("system/load_15min", Double.parseDouble(load[2]));
            }
        } catch (IOException | NumberFormatException unreadable) {
            // no load figures on this system
        }
        try {
            List<String> lines = Files.readAllLines(proc.resolve("meminfo"));
            kilobytes(lines, "MemTotal:").ifPresent(kb -> m.put("system/mem_total_bytes", kb * 1024.0));
            kilobytes(lines, "MemFree:").ifPresent(kb -> m.put("system/mem_free_bytes", kb * 1024.0));
        } catch (IOException unreadable) {
            // no memory figures on this system
        }
        return m;
    }

    /** The value of a {@code /proc/meminfo} line such as {@code MemTotal:  24683784 kB}. */
    private static Optional<Long> kilobytes(List<String> lines, String field) {
        for (String line : lines) {
            if (line.startsWith(field)) {
                String[] parts = line.substring(field.length()).trim().split("\\s+");
                try {
                    return Optional.of(Long.parseLong(parts[0]));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
