package org.agora.isolator.gpu.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Per-container cgroups in the cgroup v1 devices hierarchy: everything denied, then the devices a container may
 * open allowed one rule at a time (the kernel's own list in devices.list is the record, so recovery reads it back).
 * cgroup v2 controls devices with eBPF programs only, which a JVM cannot load; there this isolator refuses to start.
 */
final class DevicesCgroup {
    /** What every container may open, as Mesos's default devices whitelist: null, zero, full, random, tty, pts... */
    static final List<String> DEFAULT_RULES = List.of("c *:* m", "b *:* m", "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm",
            "c 1:8 rwm", "c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm", "c 10:200 rwm");

    private final Path root;

    DevicesCgroup(Path hierarchy, String rootName) {
        this.root = hierarchy.resolve(rootName);
    }

    /** The devices hierarchy's mount point, from a mountinfo listing; empty when there is none (cgroup v2). */
    static Optional<Path> findHierarchy(List<String> mountinfo) {
        for (String line : mountinfo) {
            // <id> <parent> <maj:min> <root> <mount point> <options> [optional...] - <fstype> <source> <super opts>
            String[] halves = line.split(" - ", 2);
            if (halves.length < 2) {
                continue;
            }
            String[] left = halves[0].split(" ");
            String[] right = halves[1].split(" ");
            if (right.length >= 3 && right[0].equals("cgroup") && List.of(right[2].split(",")).contains("devices")) {
                return Optional.of(Path.of(left[4]));
            }
        }
        return Optional.empty();
    }

    Path path(String container) {
        return root.resolve(container);
    }

    void create(String container, List<String> allowed) throws IOException {
        Path dir = path(container);
        Files.createDirectories(dir);
        write(dir.resolve("devices.deny"), "a");
        for (String rule : allowed) {
            write(dir.resolve("devices.allow"), rule);
        }
    }

    /** The rules in force for the container, as the kernel lists them. */
    List<String> allowed(String container) throws IOException {
        Path list = path(container).resolve("devices.list");
        return Files.exists(list) ? Files.readAllLines(list) : List.of();
    }

    /** Container cgroups under the root, by name. */
    List<String> containers() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory).forEach(d -> names.add(d.getFileName().toString()));
        }
        return names;
    }

    /** rmdir; the kernel refuses while a process is still in it. */
    void remove(String container) throws IOException {
        Files.deleteIfExists(path(container));
    }

    private static void write(Path file, String value) throws IOException {
        try {
            Files.writeString(file, value, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot write '" + value + "' to " + file + ": " + e.getMessage(), e);
        }
    }
}
