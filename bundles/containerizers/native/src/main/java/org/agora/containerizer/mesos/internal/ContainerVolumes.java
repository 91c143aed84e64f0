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
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.v1.Protos.MountPropagation;
import org.agora.api.v1.Protos.Volume;
import org.agora.containerizer.mesos.internal.LaunchCommand.UserIds;

/**
 * A container's {@code ContainerInfo.volumes} as bind mounts, as Mesos's {@code filesystem/linux},
 * {@code volume/sandbox_path} and {@code volume/secret} make them: a host path ({@code Volume.Source.HOST_PATH}, or the
 * legacy {@code host_path} field; only under the prefixes of {@code volumes.host.allowed} when that is set), an
 * image's rootfs ({@code Volume.image}, provisioned by {@link ImageVolumes}; always read-only), a
 * directory of the sandbox ({@code SANDBOX_PATH} of type {@code SELF}) or of the parent container's sandbox (type
 * {@code PARENT}: the executor's sandbox, for a task of a default executor's task group), made when missing and then
 * owned by the task's user, or a secret ({@code SECRET}: a file written by {@link SecretVolumes}, always read-only)
 * bound at {@code container_path}, read-only or read-write. In an image container an absolute {@code container_path}
 * is inside the image and a relative one inside the sandbox ({@code /mnt/mesos/sandbox}). A container without an
 * image mounts a relative one in its sandbox and an absolute one over that existing path of the host, in a mount
 * namespace of its own ({@link #mountArgv}). Mount points are made here, on the host, resolved as the container will
 * see them ({@link RootfsPaths}), except those under {@code /tmp}, which only exist once the launcher has mounted the
 * private {@code /tmp}.
 *
 * <p>Refused, each with a message naming the volume: a relative or missing host path, one outside the allowed host
 * paths, a sandbox path that is absolute or climbs out with {@code ..}, {@code PARENT} for a container that has no
 * parent, a secret that cannot be resolved, a {@code container_path} with {@code ..}, one that is {@code /}, inside
 * {@code /proc}, {@code /dev} or {@code /sys}, would hide the sandbox, is absolute and missing in a container without
 * an image, or is inside another volume (or contains one: Mesos allows it, but its mount point would be made in the
 * other volume's host directory), and every source not made here (Docker and CSI volumes, bidirectional
 * propagation).
 */
final class ContainerVolumes {
    private static final List<String> FORBIDDEN = List.of("/proc", "/dev", "/sys");

    /**
     * One bind mount, in the launcher's terms.
     *
     * @param source the host path bound
     * @param target the mount point as the launcher sees it before it enters the rootfs
     * @param readOnly remounted read-only after the bind
     * @param create what the launcher makes at {@code target} first: {@code d} a directory, {@code f} a file,
     *     {@code -} nothing (made here already)
     */
    record BindMount(Path source, Path target, boolean readOnly, char create) {
        /** The launcher's flags argument. */
        String flags() {
            return (readOnly ? "ro:" : "rw:") + create;
        }
    }

    /**
     * What the containerizer's options and services say about volumes.
     *
     * @param allowed the host paths {@code host_path} volumes may bind
     * @param secrets resolves and writes secret volumes
     */
    record Rules(HostPathAllowList allowed, SecretVolumes secrets) {
    }

    /**
     * For a container without an image: runs in its new mount namespace, as root, before the user switch; binds the
     * volumes at their mount points in the sandbox, hides the host's secret files of every container (an empty
     * read-only tmpfs over {@code $1}), then execs the rest of the argv. $1 the directory to hide, $2 the number of
     * volumes, then (source, mount point, flags) for each, as {@link BindMount} gives them.
     */
    static final String MOUNT_SCRIPT = """
            fail() { echo "agora launcher: $1" >&2; exit %d; }
            hide=$1; n=$2; shift 2
            while [ "$n" -gt 0 ]; do
                src=$1; dst=$2; how=$3; shift 3; n=$((n - 1))
                case "$how" in
                    ro:*) mount --bind "$src" "$dst" && mount -o remount,bind,ro "$dst" ;;
                    *) mount --rbind "$src" "$dst" ;;
                esac || fail "cannot mount the volume $src at $dst"
            done
            if [ -d "$hide" ]; then
                mount -t tmpfs -o ro,mode=000,size=4k agora-hidden "$hide" || fail "cannot hide $hide"
            fi
            exec "$@"
            """.formatted(LaunchCommand.JOIN_FAILED);

    /** Whether this process's effective user is root (mounts need it); read once from /proc/self/status. */
    private static final boolean ROOT = effectiveUid() == 0;

    private ContainerVolumes() {
    }

    static boolean runsAsRoot() {
        return ROOT;
    }

    private static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: treated as not root, so volumes are refused with a message
        }
        return -1;
    }

    /**
     * The argv that makes {@code mounts} in a container without an image, then execs what the caller appends;
     * nothing when there are none. Must run in the container's own mount namespace.
     */
    static List<String> mountArgv(List<BindMount> mounts, Path hide) {
        if (mounts.isEmpty()) {
            return List.of();
        }
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", MOUNT_SCRIPT, "agora-volumes", hide.toString(),
                Integer.toString(mounts.size())));
        for (BindMount m : mounts) {
            argv.addAll(List.of(m.source().toString(), m.target().toString(), m.flags()));
        }
        return argv;
    }

    /**
     * The bind mounts of {@code volumes}, in their order; none inside another.
     *
     * @param rootfs the image's root; empty for a container without an image
     * @param containerId the container's id: names its secret files, and tells a task of a task group (id
     *     {@code <executor container>.<task>}, sandbox {@code <executor sandbox>/tasks/<task>}) by its parent
     * @throws IllegalArgumentException naming the first volume refused and why
     */
    static List<BindMount> mounts(List<Volume> volumes, Optional<Path> rootfs, Path sandbox, String containerId,
            Optional<UserIds> owner, Rules rules) {
        return mounts(volumes, rootfs, sandbox, containerId, owner, rules, Map.of());
    }

    /**
     * The same, with image volumes.
     *
     * @param imageRootfs the provisioned rootfs of each image volume, by the volume's index ({@link ImageVolumes})
     */
    static List<BindMount> mounts(List<Volume> volumes, Optional<Path> rootfs, Path sandbox, String containerId,
            Optional<UserIds> owner, Rules rules, Map<Integer, Path> imageRootfs) {
        List<BindMount> mounts = new ArrayList<>();
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            String name = "volume '" + v.getContainerPath() + "'";
            try {
                String cp = v.getContainerPath();
                if (cp.isEmpty()) {
                    throw new IllegalArgumentException("it has no container_path");
                }
                refuseDotDot(cp, "container_path");
                boolean secret = v.hasSource() && v.getSource().getType() == Volume.Source.Type.SECRET;
                boolean image = v.hasImage();
                Path source = secret ? secret(v, containerId, i, owner, rules.secrets())
                        : image ? imageRootfs(v, imageRootfs.get(i))
                        : source(v, sandbox, containerId, owner, rules.allowed());
                boolean dir = !secret && Files.isDirectory(source);
                // an image volume is always read-only (a RW one never gets here: ImageVolumes refuses it)
                boolean ro = secret || image || v.getMode() == Volume.Mode.RO;
                BindMount m = rootfs.isPresent() ? target(cp, rootfs.get(), sandbox, source, dir, ro)
                        : inSandbox(cp, sandbox, source, dir, ro);
                for (BindMount other : mounts) {
                    // a mount point inside another volume would be made, and resolved, in that volume's host
                    // directory, where its links lead anywhere on the host: nested volumes are refused
                    if (m.target().startsWith(other.target()) || other.target().startsWith(m.target())) {
                        throw new IllegalArgumentException("it is at or inside another volume's container_path, or "
                                + "contains it");
                    }
                }
                mounts.add(m);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " refused: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new IllegalArgumentException(name + " refused: cannot make its mount point: " + e, e);
            }
        }
        return mounts;
    }

    private static Path secret(Volume v, String containerId, int index, Optional<UserIds> owner,
            SecretVolumes secrets) {
        if (!v.getSource().hasSecret()) {
            throw new IllegalArgumentException("its source is of type SECRET but names no secret");
        }
        return secrets.write(containerId, index, v.getSource().getSecret(), owner);
    }

    private static Path source(Volume v, Path sandbox, String containerId, Optional<UserIds> owner,
            HostPathAllowList allowed) throws IOException {
        if (v.hasSource()) {
            Volume.Source s = v.getSource();
            switch (s.getType()) {
                case HOST_PATH -> {
                    if (s.getHostPath().getMountPropagation().getMode() == MountPropagation.Mode.BIDIRECTIONAL) {
                        throw new IllegalArgumentException("bidirectional mount propagation is not supported");
                    }
                    return hostPath(s.getHostPath().getPath(), allowed);
                }
                case SANDBOX_PATH -> {
                    Volume.Source.SandboxPath sp = s.getSandboxPath();
                    Path base = switch (sp.getType()) {
                        case SELF -> sandbox;
                        case PARENT -> parentSandbox(sandbox, containerId);
                        default -> throw new IllegalArgumentException("sandbox_path of type " + sp.getType()
                                + " is not supported (SELF or PARENT)");
                    };
                    if (sp.getPath().isEmpty() || sp.getPath().startsWith("/")) {
                        throw new IllegalArgumentException("sandbox_path '" + sp.getPath() + "' must be a relative "
                                + "path in the " + (sp.getType() == Volume.Source.SandboxPath.Type.PARENT
                                        ? "parent's sandbox" : "sandbox"));
                    }
                    refuseDotDot(sp.getPath(), "sandbox_path");
                    Path dir = RootfsPaths.resolve(base, sp.getPath());
                    if (!Files.isDirectory(dir)) {
                        makeDirectories(dir, owner);
                    }
                    return dir;
                }
                default -> throw new IllegalArgumentException("a source of type " + s.getType() + " is not "
                        + "supported");
            }
        }
        if (v.hasHostPath()) {
            return hostPath(v.getHostPath(), allowed);
        }
        throw new IllegalArgumentException("it names no source (host_path or source)");
    }

    private static Path imageRootfs(Volume v, Path rootfs) {
        if (v.hasSource() || v.hasHostPath()) {
            throw new IllegalArgumentException("it names an image and also a " + (v.hasSource() ? "source"
                    : "host_path"));
        }
        if (v.getMode() != Volume.Mode.RO) {
            throw new IllegalArgumentException("image volumes are read-only: mode must be RO");
        }
        if (rootfs == null || !Files.isDirectory(rootfs)) {
            throw new IllegalArgumentException("its image '" + ImageVolumes.name(v.getImage()) + "' has no "
                    + "provisioned rootfs");
        }
        return rootfs;
    }

    /**
     * The sandbox of the container's parent: the executor's sandbox, for a task of a default executor's task group
     * (its sandbox is {@code <executor sandbox>/tasks/<task id>}, its id {@code <executor container id>.<task id>}).
     */
    static Path parentSandbox(Path sandbox, String containerId) {
        Path tasks = sandbox.getParent();
        Path parent = tasks == null ? null : tasks.getParent();
        if (parent == null || parent.getFileName() == null || !tasks.getFileName().toString().equals("tasks")
                || !containerId.equals(parent.getFileName() + "." + sandbox.getFileName())) {
            throw new IllegalArgumentException("sandbox_path of type PARENT needs a parent container, and this "
                    + "container has none (only the tasks of a default executor's task group have one: the "
                    + "executor)");
        }
        return parent;
    }

    private static Path hostPath(String path, HostPathAllowList allowed) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("host path '" + path + "' is not absolute");
        }
        refuseDotDot(path, "host path");
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("host path '" + path + "' does not exist on this agent");
        }
        return allowed.check(p);
    }

    /**
     * A volume of a container without an image, as Mesos mounts it: a relative {@code cp} in the sandbox (its mount
     * point made there), an absolute one over that path of the host, which must exist (the mount is in the
     * container's own mount namespace: the host does not see it).
     */
    private static BindMount inSandbox(String cp, Path sandbox, Path source, boolean dir, boolean ro)
            throws IOException {
        if (!cp.startsWith("/")) {
            Path host = RootfsPaths.resolve(sandbox, cp);
            if (host.equals(sandbox)) {
                throw new IllegalArgumentException("it would hide the sandbox");
            }
            makeMountPoint(host, dir);
            return new BindMount(source, host, ro, '-');
        }
        Path host = Path.of(cp).normalize();
        for (String f : FORBIDDEN) {
            if (under(host.toString(), f)) {
                throw new IllegalArgumentException("container_path is inside " + f);
            }
        }
        if (host.getParent() == null || sandbox.startsWith(host)) {
            throw new IllegalArgumentException("it would hide the sandbox");
        }
        if (!Files.exists(host)) {
            throw new IllegalArgumentException("container_path '" + cp + "' does not exist on this agent (a "
                    + "container without an image mounts absolute paths over the host's own; use a relative "
                    + "container_path for one in the sandbox)");
        }
        if (Files.isDirectory(host) != dir) {
            throw new IllegalArgumentException("its source is " + (dir ? "a directory" : "a file")
                    + " and container_path is not");
        }
        return new BindMount(source, host.toRealPath(), ro, '-');
    }

    private static BindMount target(String cp, Path rootfs, Path sandbox, Path source, boolean dir, boolean ro)
            throws IOException {
        String abs = Path.of("/").resolve(cp).normalize().toString();
        boolean inSandbox = !cp.startsWith("/") || under(abs, ImageLaunch.SANDBOX);
        if (inSandbox) {
            String rel = cp.startsWith("/") ? abs.substring(ImageLaunch.SANDBOX.length()) : cp;
            Path host = RootfsPaths.resolve(sandbox, rel);
            if (host.equals(sandbox)) {
                throw new IllegalArgumentException("it would hide the sandbox");
            }
            makeMountPoint(host, dir);
            Path target = rootfs.resolve(ImageLaunch.SANDBOX.substring(1)).resolve(sandbox.relativize(host));
            return new BindMount(source, target, ro, '-');
        }
        if (abs.equals("/") || under(ImageLaunch.SANDBOX, abs)) {
            throw new IllegalArgumentException("it would hide " + (abs.equals("/") ? "the image" : "the sandbox"));
        }
        Path host = RootfsPaths.resolve(rootfs, abs);
        String inImage = "/" + rootfs.relativize(host);
        for (String f : FORBIDDEN) {
            if (under(inImage, f)) {
                throw new IllegalArgumentException("container_path is inside " + f);
            }
        }
        if (inImage.equals("/") || under(inImage, "/mnt/mesos")) {
            throw new IllegalArgumentException("container_path leads to " + inImage + " through a link");
        }
        if (under(inImage, "/tmp") && !inImage.equals("/tmp")) {
            return new BindMount(source, host, ro, dir ? 'd' : 'f'); // made in the private /tmp by the launcher
        }
        makeMountPoint(host, dir);
        return new BindMount(source, host, ro, '-');
    }

    private static void makeMountPoint(Path host, boolean dir) throws IOException {
        if (Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isDirectory(host) != dir) {
                throw new IllegalArgumentException("its source is " + (dir ? "a directory" : "a file")
                        + " and container_path is not");
            }
            return;
        }
        Files.createDirectories(host.getParent());
        if (dir) {
            Files.createDirectory(host);
        } else {
            Files.createFile(host);
        }
    }

    /** Makes {@code dir} and the parents it lacks, owned by the task's user (as Mesos's sandbox volumes are). */
    private static void makeDirectories(Path dir, Optional<UserIds> owner) throws IOException {
        Path first = dir;
        while (first.getParent() != null && !Files.exists(first.getParent())) {
            first = first.getParent();
        }
        Files.createDirectories(dir);
        if (owner.isPresent()) {
            for (Path p = dir; p.startsWith(first); p = p.getParent()) {
                Files.setAttribute(p, "unix:uid", owner.get().uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", owner.get().gid(), LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static boolean under(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir + "/");
    }

    private static void refuseDotDot(String path, String what) {
        for (String c : path.split("/")) {
            if (c.equals("..")) {
                throw new IllegalArgumentException(what + " '" + path + "' has a '..' component");
            }
        }
    }
}
