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
package org.agora.images.internal.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.agora.images.internal.layer.ProcessRunner;

/** The mounts of this process's mount namespace ({@code /proc/self/mountinfo}), and unmounting them. */
public final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {
    }

    /** Mount points at or beneath {@code dir}, deepest first (the order to unmount them in). */
    public static List<Path> mountsUnder(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.exists(MOUNTINFO)) {
            return out;
        }
        Path base = dir.toAbsolutePath().normalize();
        for (String line : Files.readAllLines(MOUNTINFO)) {
            String[] f = line.split(" ");
            if (f.length > 4) {
                Path p = Path.of(unescape(f[4]));
                if (p.startsWith(base)) {
                    out.add(p);
                }
            }
        }
        out.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return out;
    }

    /** Whether {@code dir} itself is a mount point. */
    public static boolean isMountPoint(Path dir) throws IOException {
        Path p = dir.toAbsolutePath().normalize();
        return mountsUnder(p).stream().anyMatch(p::equals);
    }

    /** Unmounts every mount at or beneath {@code dir}, deepest first; lazily where a mount is busy. */
    public static void unmountAll(Path dir) throws IOException {
        for (Path p : mountsUnder(dir)) {
            try {
                ProcessRunner.run("umount", p.toString());
            } catch (IOException busy) {
                ProcessRunner.run("umount", "-l", p.toString()); // detach; the kernel frees it when unused
            }
        }
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes ({@code \040}). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
