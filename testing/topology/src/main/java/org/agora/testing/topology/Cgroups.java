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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Removes the cgroups an agent made under its own {@code cgroups.root}, in every hierarchy mounted under
 * {@code /sys/fs/cgroup} (v1 controllers and v2): processes still in them are killed first, then the directories
 * are removed deepest first.
 */
final class Cgroups {
    private static final Path MOUNTS = Path.of("/sys/fs/cgroup");

    private Cgroups() {
    }

    /** Removes {@code <hierarchy>/<root>} everywhere; a root that does not exist is skipped. */
    static void remove(String root) {
        List<Path> tops = new ArrayList<>();
        tops.add(MOUNTS.resolve(root));
        try (Stream<Path> hierarchies = Files.list(MOUNTS)) {
            hierarchies.filter(Files::isDirectory).forEach(h -> tops.add(h.resolve(root)));
        } catch (IOException e) {
            return; // no cgroup file system: nothing was made
        }
        for (Path top : tops) {
            if (Files.isDirectory(top)) {
                removeTree(top);
            }
        }
    }

    private static void removeTree(Path top) {
        Awaitility.await("cgroup " + top + " to be removed").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    List<Path> dirs;
                    try (Stream<Path> walk = Files.walk(top)) {
                        dirs = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
                    } catch (IOException e) {
                        return !Files.exists(top);
                    }
                    for (Path d : dirs) {
                        killAll(d.resolve("cgroup.procs"));
                        try {
                            Files.deleteIfExists(d); // rmdir: a cgroup's control files go with it
                        } catch (IOException e) {
                            // processes still leaving it; the next poll tries again
                        }
                    }
                    return !Files.exists(top);
                });
    }

    private static void killAll(Path procs) {
        try {
            for (String line : Files.readAllLines(procs)) {
                if (!line.isBlank()) {
                    ProcessHandle.of(Long.parseLong(line.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone meanwhile
        }
    }
}
