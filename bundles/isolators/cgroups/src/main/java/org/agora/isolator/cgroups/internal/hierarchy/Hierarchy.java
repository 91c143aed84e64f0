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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.agora.isolator.cgroups.internal.hierarchy.MountInfo.CgroupMount;

/**
 * Where each cgroup controller lives on this machine: its own v1 hierarchy, or the v2 unified tree. A hybrid machine
 * (v1 controllers plus a cgroup2 mount without them, as systemd's "hybrid" mode sets up) counts as v1, because that
 * is where the controllers are.
 */
public final class Hierarchy {
    private final CgroupVersion version;
    private final Map<String, Path> mounts;
    private final Path unifiedRoot;
    private final String source;

    private Hierarchy(CgroupVersion version, Map<String, Path> mounts, Path unifiedRoot, String source) {
        this.version = version;
        this.mounts = Collections.unmodifiableMap(new LinkedHashMap<>(mounts));
        this.unifiedRoot = unifiedRoot;
        this.source = source;
    }

    /** The hierarchy the mount table {@code mountinfo} describes (normally {@code /proc/self/mountinfo}). */
    public static Hierarchy discover(Path mountinfo) {
        List<CgroupMount> mounts;
        try {
            mounts = MountInfo.read(mountinfo);
        } catch (CgroupException e) {
            // not Linux, or no /proc: no controllers, and validate() says why instead of the component failing
            return new Hierarchy(CgroupVersion.V1, Map.of(), null, e.getMessage());
        }
        return fromMounts(mounts, mountinfo.toString());
    }

    /** The hierarchy formed by {@code mounts}; {@code source} says where they were read, for error messages. */
    public static Hierarchy fromMounts(List<CgroupMount> mounts, String source) {
        Map<String, Path> v1 = new LinkedHashMap<>();
        for (CgroupMount mount : mounts) {
            if (!mount.v2()) {
                mount.controllers().forEach(c -> v1.putIfAbsent(c, mount.mountPoint()));
            }
        }
        if (!v1.isEmpty()) {
            return new Hierarchy(CgroupVersion.V1, v1, null, source);
        }
        // several cgroup2 mounts (bind mounts, containers): prefer the conventional place
        Optional<Path> unified = mounts.stream().filter(CgroupMount::v2).map(CgroupMount::mountPoint)
                .sorted(Comparator.comparing(p -> !p.equals(Path.of("/sys/fs/cgroup")))).findFirst();
        if (unified.isPresent()) {
            return unified(unified.get(), source + " (cgroup2 at " + unified.get() + ")");
        }
        return new Hierarchy(CgroupVersion.V1, Map.of(), null, source + " (no cgroup file system mounted)");
    }

    /**
     * The hierarchy rooted at {@code dir}, given by an operator as Mesos's {@code --cgroups_hierarchy}: a v2 tree
     * if it has a {@code cgroup.controllers} file, else a directory of v1 hierarchies named for their controllers
     * ({@code memory}, {@code cpu,cpuacct}).
     */
    public static Hierarchy at(Path dir) {
        if (Files.exists(dir.resolve("cgroup.controllers"))) {
            return unified(dir, dir.toString());
        }
        Map<String, Path> v1 = new LinkedHashMap<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(Files::isDirectory).sorted().toList()) {
                for (String name : child.getFileName().toString().split(",")) {
                    if (MountInfo.V1_CONTROLLERS.contains(name)) {
                        v1.putIfAbsent(name, child);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return new Hierarchy(CgroupVersion.V1, Map.of(), null, dir + " (does not exist)");
        } catch (IOException e) {
            throw new CgroupException("cannot list the cgroup hierarchy directory " + dir + ": " + e, e);
        }
        return new Hierarchy(CgroupVersion.V1, v1, null, dir.toString());
    }

    private static Hierarchy unified(Path root, String source) {
        Cgroup top = new Cgroup(root);
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (String controller : top.has("cgroup.controllers") ? top.read("cgroup.controllers").split("\\s+")
                : new String[0]) {
            if (!controller.isEmpty()) {
                mounts.put(controller, root);
            }
        }
        return new Hierarchy(CgroupVersion.V2, mounts, root, source);
    }

    public CgroupVersion version() {
        return version;
    }

    /** The root of the v2 tree; empty on v1. */
    public Optional<Path> unifiedRoot() {
        return Optional.ofNullable(unifiedRoot);
    }

    /** Whether {@code controller} can be used. */
    public boolean has(String controller) {
        return mounts.containsKey(controller);
    }

    /** The controllers that can be used. */
    public Set<String> controllers() {
        return new TreeSet<>(mounts.keySet());
    }

    /**
     * The directory under which {@code controller}'s cgroups live: its v1 mount, or the v2 root.
     *
     * @throws CgroupException naming the controller and where it was looked for
     */
    public Path mount(String controller) {
        Path mount = mounts.get(controller);
        if (mount == null) {
            throw new CgroupException(missing(controller));
        }
        return mount;
    }

    /** Why {@code controller} is not available, naming where it was looked for. */
    public String missing(String controller) {
        String found = mounts.isEmpty() ? "none" : String.join(", ", controllers());
        if (version == CgroupVersion.V2) {
            return "cgroup controller '" + controller + "' is not available: it is not listed in "
                    + unifiedRoot.resolve("cgroup.controllers") + " (available: " + found + ")";
        }
        return "cgroup controller '" + controller + "' is not mounted: no cgroup v1 hierarchy has it in "
                + source + " (mounted controllers: " + found + ")";
    }

    @Override
    public String toString() {
        if (version == CgroupVersion.V2) {
            return "cgroup v2 at " + unifiedRoot + " (controllers: " + String.join(" ", controllers()) + ")";
        }
        return "cgroup v1 (" + mounts.entrySet().stream().map(e -> e.getKey() + " at " + e.getValue())
                .collect(Collectors.joining(", ")) + ")";
    }
}
