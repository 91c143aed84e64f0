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
package org.agora.isolator.cgroups.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.agora.api.config.TypedConfig;
import org.agora.isolator.cgroups.internal.hierarchy.Cgroup;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupException;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupKiller;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.agora.isolator.cgroups.internal.hierarchy.Hierarchy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container cgroups: one directory {@code <controller hierarchy>/<cgroups_root>/<container>} per controller on v1,
 * one shared {@code <v2 root>/<cgroups_root>/<container>} on v2. What every cgroups isolator shares, so they agree
 * on where a container's cgroups are.
 *
 * <p>On v1 every container also gets a cgroup in the freezer hierarchy (when it is mounted), whichever isolators
 * run: it holds all of the container's processes, so that {@link #destroy} can freeze them before killing and none
 * escapes by forking. On v2 the container's cgroup plays that part ({@code cgroup.kill}).
 */
@Component(service = Cgroups.class, configurationPid = Cgroups.PID)
@Designate(ocd = CgroupsConfig.class)
public final class Cgroups {
    static final String PID = "org.agora.isolator.cgroups";
    private static final String FREEZER = "freezer";
    private static final Logger LOG = LoggerFactory.getLogger(Cgroups.class);

    private final Hierarchy hierarchy;
    private final String root;
    private final Duration destroyTimeout;

    @Activate
    public Cgroups(Map<String, Object> properties) {
        this(TypedConfig.read(CgroupsConfig.class, PID, properties));
    }

    private Cgroups(CgroupsConfig config) {
        this(config.cgroups_hierarchy().isBlank() ? Hierarchy.discover(Path.of("/proc/self/mountinfo"))
                : Hierarchy.at(Path.of(config.cgroups_hierarchy().strip())),
                config.cgroups_root(), Duration.ofMillis(config.destroy_timeout_ms()));
        LOG.info("cgroups: {}, containers under '{}'", hierarchy, root);
    }

    /**
     * @param root relative path of the directory holding the container cgroups in every hierarchy
     * @throws IllegalArgumentException when {@code root} is absolute, empty or climbs out with {@code ..}
     */
    public Cgroups(Hierarchy hierarchy, String root, Duration destroyTimeout) {
        Path path = Path.of(root.strip()).normalize();
        if (root.isBlank() || path.isAbsolute() || path.startsWith("..") || path.toString().isEmpty()) {
            throw new IllegalArgumentException(PID + ": cgroups.root=" + root
                    + " must be a relative path inside the hierarchies, like agora");
        }
        this.hierarchy = hierarchy;
        this.root = path.toString();
        this.destroyTimeout = destroyTimeout;
    }

    public Hierarchy hierarchy() {
        return hierarchy;
    }

    public CgroupVersion version() {
        return hierarchy.version();
    }

    /** @throws CgroupException naming the controller and where it was looked for */
    public void require(String controller) {
        hierarchy.mount(controller);
    }

    /** The cgroup under the root of {@code controller}'s hierarchy that holds all containers. */
    public Cgroup rootCgroup(String controller) {
        return new Cgroup(hierarchy.mount(controller).resolve(root));
    }

    /** Container {@code name}'s cgroup for {@code controller} (which need not exist). */
    public Cgroup cgroup(String controller, String name) {
        return rootCgroup(controller).child(checkName(name));
    }

    /**
     * Creates container {@code name}'s cgroup for {@code controller}: on v2 after enabling the controller in the
     * {@code cgroup.subtree_control} of every ancestor, on v1 together with the container's freezer cgroup.
     */
    public Cgroup create(String controller, String name) {
        create(List.of(controller), name);
        return cgroup(controller, name);
    }

    /**
     * Creates container {@code name}'s cgroups for {@code controllers}, each directory once (a v1 hierarchy can hold
     * several controllers; v2 has one tree), and on v1 the container's freezer cgroup first. Another isolator may
     * have made the freezer cgroup already: that is kept.
     */
    public void create(Collection<String> controllers, String name) {
        if (version() == CgroupVersion.V2) {
            for (String controller : controllers) {
                enableDownTo(controller, cgroup(controller, name));
            }
        }
        for (Path dir : directories(controllers, name)) {
            new Cgroup(dir).create();
        }
    }

    /** The distinct directories of container {@code name} for {@code controllers}, the v1 freezer's first. */
    private Set<Path> directories(Collection<String> controllers, String name) {
        Set<Path> dirs = new LinkedHashSet<>();
        if (version() == CgroupVersion.V1 && hierarchy.has(FREEZER)) {
            dirs.add(cgroup(FREEZER, name).dir());
        }
        for (String controller : controllers) {
            dirs.add(cgroup(controller, name).dir());
        }
        return dirs;
    }

    /** v2 hands a controller to a child only when the parent lists it in cgroup.subtree_control. */
    private void enableDownTo(String controller, Cgroup cgroup) {
        Path top = hierarchy.mount(controller);
        List<Path> ancestors = new ArrayList<>();
        for (Path p = cgroup.dir().getParent(); p.startsWith(top); p = p.getParent()) {
            ancestors.add(0, p);
            if (p.equals(top)) {
                break;
            }
        }
        for (Path dir : ancestors) {
            Cgroup ancestor = new Cgroup(dir);
            ancestor.create();
            Set<String> enabled = Set.of(ancestor.has("cgroup.subtree_control")
                    ? ancestor.read("cgroup.subtree_control").replace("+", "").split("\\s+") : new String[0]);
            if (!enabled.contains(controller)) {
                try {
                    ancestor.write("cgroup.subtree_control", "+" + controller);
                } catch (CgroupException e) {
                    throw new CgroupException(e.getMessage() + " (a v2 cgroup with processes of its own cannot "
                            + "enable controllers for its children; the agent must not run in " + dir + ")", e);
                }
            }
        }
    }

    /**
     * The cgroup directories a process must join to belong to container {@code name} under {@code controllers}:
     * the controllers' cgroups (without duplicates where hierarchies are shared), and on v1 the freezer cgroup.
     */
    public List<Path> launchPaths(Collection<String> controllers, String name) {
        Set<Path> paths = new LinkedHashSet<>();
        for (String controller : controllers) {
            paths.add(cgroup(controller, name).dir());
        }
        if (version() == CgroupVersion.V1 && hierarchy.has(FREEZER)) {
            paths.add(cgroup(FREEZER, name).dir());
        }
        return List.copyOf(paths);
    }

    /**
     * Moves process {@code pid} into every cgroup of {@link #launchPaths} it is not in yet. Normally the launcher has
     * joined them all before this is called, and {@code /proc/<pid>/cgroup} says so: writing to {@code cgroup.procs}
     * anyway would cost a kernel write lock on all of the machine's cgroups, and with it an RCU grace period (several
     * milliseconds on a busy two-core machine), per hierarchy, per container.
     */
    public void attach(Collection<String> controllers, String name, long pid) {
        Map<String, String> member = membership(pid);
        Set<Path> done = new java.util.HashSet<>();
        List<String> all = new ArrayList<>(controllers);
        if (version() == CgroupVersion.V1 && hierarchy.has(FREEZER)) {
            all.add(FREEZER);
        }
        for (String controller : all) {
            Path dir = cgroup(controller, name).dir();
            String relative = "/" + hierarchy.mount(controller).relativize(dir);
            String key = version() == CgroupVersion.V1 ? controller : "";
            if (done.add(dir) && !relative.equals(member.get(key))) {
                new Cgroup(dir).attach(pid);
            }
        }
    }

    /**
     * Where {@code pid} is, from {@code /proc/<pid>/cgroup}: each v1 controller's cgroup path by controller name,
     * the v2 one by "" (empty when it cannot be read: the caller attaches everywhere).
     */
    static Map<String, String> membership(long pid) {
        return parseMembership(readProcCgroup(pid));
    }

    private static String readProcCgroup(long pid) {
        try {
            return java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** Lines {@code id:controllers:path}; a v1 line with several controllers (cpu,cpuacct) counts for each. */
    static Map<String, String> parseMembership(String procCgroup) {
        Map<String, String> member = new java.util.HashMap<>();
        for (String line : procCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length == 3) {
                for (String controller : f[1].split(",")) {
                    member.put(controller, f[2]);
                }
            }
        }
        return member;
    }

    /**
     * Kills every process of container {@code name} (through its freezer cgroup first on v1, so no process forks
     * away) and removes its cgroup for {@code controller}, and on v1 its freezer cgroup, with any cgroups the task
     * created below them. Absent cgroups are fine.
     *
     * @return how many processes had to be killed
     */
    public int destroy(String controller, String name) {
        return destroy(List.of(controller), name);
    }

    /**
     * {@link #destroy(String, String)} for every controller of {@code controllers}, each directory once, the v1
     * freezer's first.
     */
    public int destroy(Collection<String> controllers, String name) {
        int killed = 0;
        for (Path dir : directories(controllers, name)) {
            killed += destroyTree(new Cgroup(dir));
        }
        return killed;
    }

    /**
     * Kills what is in the cgroup and removes it. Most container cgroups are empty by now and have no children: one
     * read of cgroup.procs and one rmdir, without listing the directory (a stat per control file); an absent one (the
     * freezer cgroup that another isolator removed) costs the one read. Only when the kernel refuses (child cgroups the
     * task made; on v1 cgroup.procs lists only a cgroup's own members) are the children destroyed, depth first, and
     * the removal retried.
     */
    private int destroyTree(Cgroup cgroup) {
        Optional<List<Long>> members = cgroup.members();
        if (members.isEmpty()) {
            return 0;
        }
        int killed = members.get().isEmpty() ? 0 : CgroupKiller.kill(cgroup, destroyTimeout);
        try {
            cgroup.remove();
            return killed;
        } catch (CgroupException e) {
            // child cgroups, or a killed process not yet released: below
        }
        for (String child : cgroup.children()) {
            killed += destroyTree(cgroup.child(child));
        }
        killed += CgroupKiller.kill(cgroup, destroyTimeout);
        removeWhenEmptied(cgroup);
        return killed;
    }

    /** rmdir can fail with EBUSY for a moment while the last killed process is being released. */
    private void removeWhenEmptied(Cgroup cgroup) {
        long deadline = System.nanoTime() + destroyTimeout.toNanos();
        for (int round = 0; ; round++) {
            try {
                cgroup.remove();
                return;
            } catch (CgroupException e) {
                if (System.nanoTime() - deadline > 0 || !cgroup.children().isEmpty()) {
                    throw e;
                }
                CgroupKiller.pause(round);
            }
        }
    }

    /** Names of the container cgroups under the root, in {@code controllers}' hierarchies and the v1 freezer's. */
    public Set<String> containers(Collection<String> controllers) {
        Set<String> names = new TreeSet<>();
        for (String controller : controllers) {
            names.addAll(rootCgroup(controller).children());
        }
        if (version() == CgroupVersion.V1 && hierarchy.has(FREEZER)) {
            names.addAll(rootCgroup(FREEZER).children());
        }
        return names;
    }

    /** A container name becomes a directory name: no separators, nothing that climbs. */
    static String checkName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\n")
                || name.contains("\0")) {
            throw new CgroupException("'" + name + "' cannot name a cgroup (empty, '.', '..', '/', newline or NUL)");
        }
        return name;
    }
}
