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

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host paths {@code host_path} volumes may bind ({@code volumes.host.allowed}): absolute path prefixes, each
 * allowing itself and what lies beneath it ({@code /data} allows {@code /data/x}, not {@code /database}). A host
 * path is checked as it really is, its symbolic links followed, so a link under an allowed prefix cannot lead out of
 * it. An empty list allows every path (as Mesos does).
 */
record HostPathAllowList(List<Path> prefixes) {

    HostPathAllowList {
        prefixes = List.copyOf(prefixes);
    }

    static final HostPathAllowList ALL = new HostPathAllowList(List.of());

    /**
     * Parses the option's value: comma-separated absolute paths.
     *
     * @throws IllegalArgumentException naming the option and the entry that is not an absolute path
     */
    static HostPathAllowList parse(String value) {
        List<Path> prefixes = new ArrayList<>();
        for (String raw : value.split(",")) {
            String p = raw.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (!p.startsWith("/") || List.of(p.split("/")).contains("..")) {
                throw new IllegalArgumentException(ContainerizerSettings.PID + ": volumes.host.allowed: '" + p
                        + "' is not an absolute path without '..'");
            }
            prefixes.add(Path.of(p).normalize());
        }
        return new HostPathAllowList(prefixes);
    }

    boolean allowsAll() {
        return prefixes.isEmpty();
    }

    /**
     * @param hostPath an absolute host path that exists
     * @return the path to bind: {@code hostPath} when every path is allowed, else the real path that was checked (so
     *     that a link swapped after the check cannot lead the mount elsewhere)
     * @throws IllegalArgumentException naming the path (and where it leads, if a link) when no prefix allows it
     */
    Path check(Path hostPath) {
        if (allowsAll()) {
            return hostPath;
        }
        Path real;
        try {
            real = hostPath.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("host path '" + hostPath + "' cannot be resolved: " + e);
        }
        for (Path prefix : prefixes) {
            if (real.startsWith(realOf(prefix))) {
                return real;
            }
        }
        throw new IllegalArgumentException("host path '" + hostPath + "'" + (real.equals(hostPath) ? ""
                : " (which is " + real + ")") + " is outside the host paths this agent allows for volumes "
                + "(volumes.host.allowed: " + String.join(", ", prefixes.stream().map(Path::toString).toList()) + ")");
    }

    /** A prefix as it really is on the host (itself when it does not exist: it then allows nothing real). */
    private static Path realOf(Path prefix) {
        try {
            return prefix.toRealPath();
        } catch (IOException e) {
            return prefix;
        }
    }
}
