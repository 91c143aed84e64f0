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
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One cgroup directory and its control files. Every failure is a {@link CgroupException} that names the file and
 * the kernel's reason.
 *
 * @param dir the cgroup's directory, for example {@code /sys/fs/cgroup/memory/agora/c1}
 */
public record Cgroup(Path dir) {

    /** The child cgroup {@code name} (which need not exist). */
    public Cgroup child(String name) {
        return new Cgroup(dir.resolve(name));
    }

    public boolean exists() {
        return Files.isDirectory(dir);
    }

    /** Whether the control file {@code file} exists (the controller is enabled, the kernel is new enough). */
    public boolean has(String file) {
        return Files.exists(dir.resolve(file));
    }

    /**
     * Creates this cgroup and missing parents; an existing one is kept. The usual case, a new container's cgroup under
     * an existing root, costs one mkdir: no look first, and a stat only when the name is taken.
     */
    public void create() {
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new CgroupException("cannot create cgroup " + dir + ": a control file has that name", e);
            }
        } catch (NoSuchFileException e) {
            createWithParents();
        } catch (IOException e) {
            throw new CgroupException("cannot create cgroup " + dir + ": " + reason(e), e);
        }
    }

    private void createWithParents() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CgroupException("cannot create cgroup " + dir + ": " + reason(e), e);
        }
    }

    /**
     * Removes this (empty) cgroup.
     *
     * @return false when it did not exist
     * @throws CgroupException when the kernel refuses, for example because processes or child cgroups remain
     */
    public boolean remove() {
        try {
            return Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            throw new CgroupException("cannot remove cgroup " + dir + ": it has child cgroups " + children(), e);
        } catch (IOException e) {
            throw new CgroupException("cannot remove cgroup " + dir + ": " + reason(e), e);
        }
    }

    /** The control file's content, trimmed. */
    public String read(String file) {
        Path path = dir.resolve(file);
        try {
            return Files.readString(path, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new CgroupException("cannot read " + path + ": no such control file", e);
        } catch (IOException e) {
            throw new CgroupException("cannot read " + path + ": " + reason(e), e);
        }
    }

    /** A control file holding one whole number. */
    public long readLong(String file) {
        String text = read(file);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CgroupException(dir.resolve(file) + ": expected a whole number, found '" + text + "'", e);
        }
    }

    /**
     * A flat keyed control file: one {@code key value} pair per line ({@code memory.events}, {@code cpu.stat},
     * {@code cpuacct.stat}, {@code memory.oom_control}). Lines whose value is not a number are skipped.
     */
    public Map<String, Long> readKeyed(String file) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : read(file).split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2) {
                try {
                    values.put(kv[0], Long.parseLong(kv[1]));
                } catch (NumberFormatException e) {
                    // a non-numeric field ("max"): not a counter
                }
            }
        }
        return values;
    }

    /**
     * Writes {@code value} to the control file in one write, as the kernel expects.
     *
     * @throws CgroupException naming the file, the value and the kernel's reason (EINVAL, EBUSY, ...)
     */
    public void write(String file, String value) {
        Path path = dir.resolve(file);
        try {
            // CREATE only matters outside cgroupfs (a directory laid out like one in tests); the kernel's files exist
            Files.write(path, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            String why = Files.exists(path) ? reason(e)
                    : Files.isDirectory(dir) ? "no such control file (is the controller enabled for this cgroup?)"
                    : "the cgroup does not exist";
            throw new CgroupException("cannot write '" + value.strip() + "' to " + path + ": " + why, e);
        }
    }

    /** The processes (thread-group ids) in this cgroup; empty when the cgroup does not exist. */
    public List<Long> pids() {
        return members().orElse(List.of());
    }

    /**
     * The processes (thread-group ids) in this cgroup, or empty when the cgroup does not exist: one read tells both,
     * where {@link #exists} and {@link #pids} would take two.
     */
    public Optional<List<Long>> members() {
        String text;
        try {
            text = Files.readString(dir.resolve("cgroup.procs"), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CgroupException("cannot read " + dir.resolve("cgroup.procs") + ": " + reason(e), e);
        }
        List<Long> pids = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return Optional.of(pids);
    }

    /** Moves process {@code pid} (all its threads) into this cgroup. */
    public void attach(long pid) {
        write("cgroup.procs", Long.toString(pid));
    }

    /** Names of the child cgroups; empty when this cgroup does not exist. */
    public Set<String> children() {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
        } catch (NoSuchFileException e) {
            return names;
        } catch (IOException e) {
            throw new CgroupException("cannot list cgroup " + dir + ": " + reason(e), e);
        }
        return names;
    }

    @Override
    public String toString() {
        return dir.toString();
    }

    /** The kernel's reason without Java's restating of the path ("Device or resource busy"). */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fse) {
            return fse.getReason() != null ? fse.getReason() : e.toString();
        }
        // a failed write(2) comes as a plain IOException whose message is strerror's
        return e.getClass() == IOException.class && e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
