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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Paths inside a directory that stands for a root (an image's rootfs, a sandbox), resolved as a process chrooted there
 * would see them: a symbolic link is followed inside that root (an absolute target starts again at the root, a
 * {@code ..} stops at it), never out to the host. The launcher prepares mount points on the host before it enters the
 * rootfs; without this an image's {@code /data -> /etc} would make it create directories in, or mount over, the
 * host's {@code /etc}.
 */
final class RootfsPaths {
    /** Linux's own limit on symbolic links followed in one lookup. */
    private static final int MAX_LINKS = 40;

    private RootfsPaths() {
    }

    /**
     * The host path of {@code path} (absolute, or relative to the root) inside {@code root}, every symbolic link of its
     * existing part followed within {@code root}; the part that does not exist yet is appended as given.
     *
     * @throws IllegalArgumentException when the links loop
     */
    static Path resolve(Path root, String path) {
        Deque<String> todo = new ArrayDeque<>(components(path));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pop();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path next = join(root, done).resolve(c);
            if (!Files.isSymbolicLink(next)) {
                done.add(c);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new IllegalArgumentException("too many symbolic links in '" + path + "'");
            }
            String target;
            try {
                target = Files.readSymbolicLink(next).toString();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the link " + next, e);
            }
            if (target.startsWith("/")) {
                done.clear();
            }
            List<String> parts = components(target);
            for (int i = parts.size() - 1; i >= 0; i--) {
                todo.push(parts.get(i));
            }
        }
        return join(root, done);
    }

    /** Whether {@code path} (absolute, normalised) is reached inside {@code root} without following any link. */
    static boolean isPlain(Path root, String path) {
        return resolve(root, path).equals(join(root, components(path)));
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    private static Path join(Path root, List<String> parts) {
        Path p = root;
        for (String c : parts) {
            p = p.resolve(c);
        }
        return p;
    }
}
