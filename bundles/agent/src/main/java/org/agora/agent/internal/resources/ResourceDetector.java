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
package org.agora.agent.internal.resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out what this machine offers, as Mesos does: every cpu; memory less what the system needs (1 GB, or half on
 * machines with less than 2 GB); the work directory's disk less 5 GB (or half below 10 GB); ports 31000-32000.
 * Resources the operator names explicitly replace the detected ones of the same name.
 */
public final class ResourceDetector {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceDetector.class);
    private static final long MB = 1024 * 1024;
    static final String DEFAULT_PORTS = "ports:[31000-32000]";

    private ResourceDetector() {
    }

    public static Resources detect(Path workDir, Optional<Resources> configured) {
        List<String> parts = new ArrayList<>();
        parts.add("cpus:" + Runtime.getRuntime().availableProcessors());
        parts.add("mem:" + usableMemoryMb(totalMemoryMb()));
        parts.add("disk:" + usableDiskMb(totalDiskMb(workDir)));
        parts.add(DEFAULT_PORTS);
        Resources detected = Resources.parse(String.join(";", parts));
        if (configured.isEmpty()) {
            return detected;
        }
        Set<String> overridden = configured.get().toList().stream().map(Resource::getName)
                .collect(Collectors.toSet());
        return detected.filter(r -> !overridden.contains(r.getName())).plus(configured.get());
    }

    static long usableMemoryMb(long totalMb) {
        return totalMb >= 2048 ? totalMb - 1024 : totalMb / 2;
    }

    static long usableDiskMb(long totalMb) {
        return totalMb >= 10240 ? totalMb - 5120 : totalMb / 2;
    }

    /** MemTotal from /proc/meminfo; 1 GB (Mesos's fallback) where it cannot be read. */
    static long totalMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Cannot read /proc/meminfo ({}); assuming 1024 MB of memory", e.toString());
        }
        return 1024;
    }

    /** Total size of the file system holding the work directory; 10 GB (Mesos's fallback) where it cannot be read. */
    static long totalDiskMb(Path workDir) {
        try {
            Path p = workDir;
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            if (p != null) {
                return Files.getFileStore(p).getTotalSpace() / MB;
            }
        } catch (IOException e) {
            LOG.warn("Cannot read the size of the file system of {} ({}); assuming 10240 MB of disk", workDir,
                    e.toString());
        }
        return 10240;
    }
}
