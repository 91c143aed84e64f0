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
package org.agora.isolator.cgroups.internal.hierarchy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The cgroup mounts listed in a {@code /proc/<pid>/mountinfo} file (proc(5) describes the format). */
public final class MountInfo {

    /** Controllers the kernel can attach to a v1 hierarchy; other mount options (name=systemd, xattr) are not. */
    static final Set<String> V1_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer",
            "net_cls", "net_prio", "blkio", "perf_event", "hugetlb", "pids", "rdma", "misc");

    /**
     * One cgroup file system mount.
     *
     * @param mountPoint where it is mounted
     * @param v2 whether it is the unified ({@code cgroup2}) hierarchy
     * @param controllers the v1 controllers attached to it (empty for v2 and for named hierarchies)
     */
    public record CgroupMount(Path mountPoint, boolean v2, Set<String> controllers) {
        public CgroupMount {
            controllers = Set.copyOf(controllers);
        }
    }

    private MountInfo() {
    }

    /** The cgroup mounts in {@code file}, in file order. */
    public static List<CgroupMount> read(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new CgroupException("cannot read the mount table " + file + ": " + e, e);
        }
    }

    /** The cgroup mounts in mountinfo {@code lines}; lines of other file systems are skipped. */
    public static List<CgroupMount> parse(List<String> lines) {
        List<CgroupMount> mounts = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.trim().split(" ");
            // id parent major:minor root mount-point options [optional fields...] - fstype source super-options
            int separator = Arrays.asList(fields).indexOf("-");
            if (separator < 6 || fields.length < separator + 4) {
                continue;
            }
            String type = fields[separator + 1];
            Path mountPoint = Path.of(unescape(fields[4]));
            if (type.equals("cgroup2")) {
                mounts.add(new CgroupMount(mountPoint, true, Set.of()));
            } else if (type.equals("cgroup")) {
                Set<String> controllers = new LinkedHashSet<>();
                for (String option : fields[separator + 3].split(",")) {
                    if (V1_CONTROLLERS.contains(option)) {
                        controllers.add(option);
                    }
                }
                mounts.add(new CgroupMount(mountPoint, false, controllers));
            }
        }
        return mounts;
    }

    /** mountinfo writes space, tab, newline and backslash in paths as octal escapes ({@code \040}). */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
