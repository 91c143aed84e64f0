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
import java.util.Optional;
import org.agora.api.v1.Protos.MountPropagation;
import org.agora.api.v1.Protos.Volume;
import org.agora.containerizer.mesos.internal.LaunchCommand.UserIds;

/**
 * An image container's {@code ContainerInfo.volumes} as bind mounts, as Mesos's {@code filesystem/linux} makes them:
 * a host path ({@code Volume.Source.HOST_PATH}, or the legacy {@code host_path} field) or a directory of the sandbox
 * ({@code SANDBOX_PATH} of type {@code SELF}, made when missing and then owned by the task's user) bound at
 * {@code container_path}, read-only or read-write. An absolute {@code container_path} is inside the image; a
 * relative one is inside the sandbox ({@code /mnt/mesos/sandbox}). Mount points are made here, on the host, resolved
 * as the container will see them ({@link RootfsPaths}), except those under {@code /tmp}, which only exist once the
 * launcher has mounted the private {@code /tmp}.
 *
 * <p>Refused, each with a message naming the volume: a relative or missing host path, a sandbox path that is absolute
 * or climbs out with {@code ..}, a {@code container_path} with {@code ..}, one that is {@code /}, inside
 * {@code /proc}, {@code /dev} or {@code /sys}, would hide the sandbox, or is inside another volume (or contains one:
 * Mesos allows it, but its mount point would be made in the other volume's host directory), and every source not
 * made here (image, Docker, secret and CSI volumes, {@code SANDBOX_PATH} of type {@code PARENT}, bidirectional
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

    private ContainerVolumes() {
    }

    /**
     * The bind mounts of {@code volumes}, in their order; none inside another.
     *
     * @throws IllegalArgumentException naming the first volume refused and why
     */
    static List<BindMount> mounts(List<Volume> volumes, Path rootfs, Path sandbox, Optional<UserIds> owner) {
        List<BindMount> mounts = new ArrayList<>();
        for (Volume v : volumes) {
            String name = "volume '" + v.getContainerPath() + "'";
            try {
                Path source = source(v, sandbox, owner);
                boolean dir = Files.isDirectory(source);
                String cp = v.getContainerPath();
                if (cp.isEmpty()) {
                    throw new IllegalArgumentException("it has no container_path");
                }
                refuseDotDot(cp, "container_path");
                BindMount m = target(cp, rootfs, sandbox, source, dir, v.getMode() == Volume.Mode.RO);
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

    private static Path source(Volume v, Path sandbox, Optional<UserIds> owner) throws IOException {
        if (v.hasSource()) {
            Volume.Source s = v.getSource();
            switch (s.getType()) {
                case HOST_PATH -> {
                    if (s.getHostPath().getMountPropagation().getMode() == MountPropagation.Mode.BIDIRECTIONAL) {
                        throw new IllegalArgumentException("bidirectional mount propagation is not supported");
                    }
                    return hostPath(s.getHostPath().getPath());
                }
                case SANDBOX_PATH -> {
                    Volume.Source.SandboxPath sp = s.getSandboxPath();
                    if (sp.getType() != Volume.Source.SandboxPath.Type.SELF) {
                        throw new IllegalArgumentException("sandbox_path of type " + sp.getType() + " is not "
                                + "supported (only SELF)");
                    }
                    if (sp.getPath().isEmpty() || sp.getPath().startsWith("/")) {
                        throw new IllegalArgumentException("sandbox_path '" + sp.getPath() + "' must be a relative "
                                + "path in the sandbox");
                    }
                    refuseDotDot(sp.getPath(), "sandbox_path");
                    Path dir = RootfsPaths.resolve(sandbox, sp.getPath());
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
            return hostPath(v.getHostPath());
        }
        if (v.hasImage()) {
            throw new IllegalArgumentException("image volumes are not supported");
        }
        throw new IllegalArgumentException("it names no source (host_path or source)");
    }

    private static Path hostPath(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("host path '" + path + "' is not absolute");
        }
        refuseDotDot(path, "host path");
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("host path '" + path + "' does not exist on this agent");
        }
        return p;
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
