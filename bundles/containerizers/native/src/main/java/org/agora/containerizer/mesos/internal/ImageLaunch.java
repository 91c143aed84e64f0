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

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.agora.api.image.ImageRuntimeConfig;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.containerizer.mesos.internal.LaunchCommand.UserIds;

/**
 * The argv that starts a container in an image's root file system: Mesos's {@code filesystem/linux} with an image.
 * After joining the cgroups ({@link LaunchCommand#joinCgroups}) and behind the exit-status wrapper
 * ({@link LaunchCommand#recordExitStatus}), one of two launchers enters the image:
 *
 * <ul>
 * <li>the native launcher ({@link LauncherBinary}, {@code src/main/c/agora-launcher.c}), one process, as Mesos's own
 * {@code mesos-containerizer launch}: it enters a new mount namespace (and a pid namespace with {@code namespaces/pid},
 * forking the task as its pid 1), makes every mount private, bind-mounts the sandbox at
 * {@code <rootfs>/mnt/mesos/sandbox}, mounts {@code /proc} and a minimal {@code /dev} (a tmpfs with the host's null,
 * zero, full, random, urandom and tty bound in, the fd links and a {@code /dev/shm}), a read-only {@code /sys}, a
 * private {@code /tmp} (a tmpfs) and the volumes, then {@code pivot_root}s into the rootfs and detaches the old root
 * from inside the same process, changes to the working directory (the image's {@code WorkingDir}, else the sandbox),
 * takes on another user's ids where there is one, and execs the task, looked up with the task's PATH in the image;
 * </li>
 * <li>where that binary is not available (a bundle built without gcc, another platform, {@code launcher =
 * script}), the same mounts by a {@code /bin/sh} script of the host under {@code unshare} ({@link #SCRIPT}), which
 * then moves the rootfs onto {@code /} and enters it with {@code unshare --root} (a chroot).</li>
 * </ul>
 *
 * <p>Why the script moves and chroots rather than {@code pivot_root}: after {@code pivot_root} no program of the host
 * can run any more (the image has neither the host's dynamic loader nor its libraries), so the old root, still
 * mounted beneath, could only be detached by a tool from the image, which an image need not have. Moving the rootfs
 * onto {@code /} in the container's own mount namespace hides the host's root beneath it (as runc's no-pivot mode
 * does). The native launcher has no such problem: it detaches the old root itself, after the pivot.
 */
final class ImageLaunch {
    /** Where the sandbox appears inside the container (Mesos's {@code MESOS_SANDBOX} for image containers). */
    static final String SANDBOX = "/mnt/mesos/sandbox";

    /**
     * The fallback launcher's script. Positional parameters: $1 rootfs, $2 sandbox, $3 unshare, $4 PATH of the task,
     * $5 uid, $6 gid, $7 the working directory inside the container, $8 the number of volumes, then three parameters
     * for each (source, mount point, flags: {@code ro} or {@code rw}, then what to make there first: {@code :d} a
     * directory, {@code :f} a file, {@code :-} nothing), then the task. The exit status is recorded outside, by
     * {@link LaunchCommand#recordExitStatus} before the namespaces are entered, so that the script's last exec leaves
     * the task as pid 1 of a new pid namespace.
     */
    static final String SCRIPT = """
            fail() { echo "agora launcher: $1" >&2; exit %d; }
            root=$1; sandbox=$2; unshare=$3; path=$4; uid=$5; gid=$6; wd=$7; n=$8; shift 8
            mount --make-rprivate / || fail "cannot make the container's mounts private"
            mount --bind "$root" "$root" || fail "cannot bind-mount the rootfs $root"
            mkdir -p "$root/mnt/mesos/sandbox" "$root/proc" "$root/dev" "$root/sys" "$root/tmp" \\
                || fail "cannot make mount points in $root"
            mount --bind "$sandbox" "$root/mnt/mesos/sandbox" || fail "cannot mount the sandbox $sandbox"
            mount -t proc -o nosuid,nodev,noexec proc "$root/proc" || fail "cannot mount /proc"
            mount -t tmpfs -o nosuid,noexec,mode=755,size=1m tmpfs "$root/dev" || fail "cannot mount /dev"
            for d in null zero full random urandom tty; do
                [ -e "/dev/$d" ] || continue
                : > "$root/dev/$d" && mount --bind "/dev/$d" "$root/dev/$d" || fail "cannot bind /dev/$d"
            done
            mkdir "$root/dev/pts" "$root/dev/shm" && ln -s /proc/self/fd "$root/dev/fd" \\
                && ln -s /proc/self/fd/0 "$root/dev/stdin" && ln -s /proc/self/fd/1 "$root/dev/stdout" \\
                && ln -s /proc/self/fd/2 "$root/dev/stderr" || fail "cannot populate /dev"
            mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs "$root/dev/shm" || fail "cannot mount /dev/shm"
            mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys" || fail "cannot mount /sys read-only"
            mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs "$root/tmp" || fail "cannot mount a private /tmp"
            case "$wd" in /tmp/*) mkdir -p "$root$wd" || fail "cannot make the working directory $wd" ;; esac
            while [ "$n" -gt 0 ]; do
                src=$1; dst=$2; how=$3; shift 3; n=$((n - 1))
                case "$how" in
                    *:d) mkdir -p "$dst" ;;
                    *:f) mkdir -p "${dst%%/*}" && { [ -e "$dst" ] || : > "$dst"; } ;;
                esac || fail "cannot make the mount point $dst of the volume $src"
                case "$how" in
                    ro:*) mount --bind "$src" "$dst" && mount -o remount,bind,ro "$dst" ;;
                    *) mount --rbind "$src" "$dst" ;;
                esac || fail "cannot mount the volume $src at $dst"
            done
            cd "$root" && mount --move . / || fail "cannot move the rootfs $root onto /"
            PATH=$path; export PATH
            if [ -n "$uid" ]; then set -- --setgid "$gid" --setuid "$uid" -- "$@"; else set -- -- "$@"; fi
            exec "$unshare" --root=. --wd="$wd" "$@"
            """.formatted(LaunchCommand.JOIN_FAILED);

    /** What the launcher mounts inside the image; none may be a link, or the mount would land on the host. */
    private static final List<String> MOUNT_POINTS = List.of("/mnt", "/mnt/mesos", SANDBOX, "/proc", "/dev", "/sys",
            "/tmp");

    private static final String UNSHARE = find("unshare");
    private static final String NSENTER = find("nsenter");

    private ImageLaunch() {
    }

    /**
     * What a launch in an image needs, for either launcher.
     *
     * @param cgroupPaths the cgroups the launcher joins first
     * @param namespaces {@code pid} for a new pid namespace (a new mount namespace is always made)
     * @param user the ids the task runs as; empty: the agent's
     * @param taskPath the PATH the task's command is looked up with inside the image
     * @param exitStatusFile where to record the task's exit status (the wrapper also runs in a session of its own, as
     *     the agent's checkpointed tasks do); empty: nowhere
     * @param workingDir the task's working directory inside the container (absolute): the image's {@code WorkingDir}
     *     when it has one, else the sandbox
     * @param volumes the volumes' bind mounts ({@link ContainerVolumes}), made after {@code /tmp} and before the
     *     rootfs is entered
     * @param taskArgv the task's argv, resolved inside the image
     * @param netns a network namespace (a file such as {@code /var/run/netns/<name>}) to join first; empty: the
     *     agent's
     */
    record Plan(List<String> cgroupPaths, Set<String> namespaces, Path rootfs, Path sandbox, Optional<UserIds> user,
            String taskPath, Optional<Path> exitStatusFile, String workingDir, List<ContainerVolumes.BindMount> volumes,
            List<String> taskArgv, Optional<Path> netns) {
    }

    /** The argv with the native launcher at {@code launcher} when there is one, else with the script. */
    static List<String> argv(Optional<Path> launcher, Plan plan) {
        return launcher.map(l -> nativeArgv(l, plan)).orElseGet(() -> scriptArgv(plan));
    }

    /**
     * The PATH the launcher process starts with: the native launcher execs the task with it, so it is the task's
     * (searched inside the image); the script first runs the host's mount and unshare, and hands the task its PATH
     * itself.
     */
    static String launcherPath(Optional<Path> launcher, Plan plan, String hostPath) {
        return launcher.isPresent() ? plan.taskPath() : hostPath;
    }

    /** {@code agora-launcher [--pid] [--netns P] --rootfs R --sandbox S --workdir W [--user U:G] [--volume ...] --}. */
    static List<String> nativeArgv(Path launcher, Plan plan) {
        List<String> argv = LaunchCommand.nativePrologue(launcher, plan.cgroupPaths(), plan.exitStatusFile());
        if (plan.namespaces().contains("pid")) {
            argv.add("--pid");
        }
        plan.netns().ifPresent(ns -> argv.addAll(List.of("--netns", ns.toString())));
        argv.addAll(List.of("--rootfs", plan.rootfs().toString(), "--sandbox", plan.sandbox().toString(),
                "--workdir", plan.workingDir()));
        plan.user().ifPresent(u -> argv.addAll(List.of("--user", u.uid() + ":" + u.gid())));
        for (ContainerVolumes.BindMount m : plan.volumes()) {
            argv.addAll(List.of("--volume", m.source().toString(), m.target().toString(), m.flags()));
        }
        argv.add("--");
        argv.addAll(plan.taskArgv());
        return argv;
    }

    /** The fallback: {@link #SCRIPT} under {@code unshare} (and {@code nsenter --net} for a network namespace). */
    static List<String> scriptArgv(Plan plan) {
        List<String> argv = LaunchCommand.joinCgroups(plan.cgroupPaths());
        argv.addAll(LaunchCommand.recordExitStatus(plan.exitStatusFile()));
        plan.netns().ifPresent(ns -> argv.addAll(List.of(NSENTER, "--net=" + ns)));
        argv.addAll(List.of(UNSHARE, "--mount", "--propagation", "private"));
        if (plan.namespaces().contains("pid")) {
            argv.addAll(List.of("--pid", "--fork", "--kill-child"));
        }
        Optional<UserIds> user = plan.user();
        argv.addAll(List.of("/bin/sh", "-c", SCRIPT, "agora-rootfs", plan.rootfs().toString(),
                plan.sandbox().toString(), UNSHARE, plan.taskPath(), user.map(u -> Integer.toString(u.uid()))
                        .orElse(""), user.map(u -> Integer.toString(u.gid())).orElse(""), plan.workingDir(),
                Integer.toString(plan.volumes().size())));
        for (ContainerVolumes.BindMount m : plan.volumes()) {
            argv.addAll(List.of(m.source().toString(), m.target().toString(), m.flags()));
        }
        argv.addAll(plan.taskArgv());
        return argv;
    }

    /**
     * Refuses an image in which a place the launcher mounts on is a symbolic link: before it enters the rootfs the
     * launcher's paths are the host's, so such a link would lead its mount out of the image.
     *
     * @throws IllegalArgumentException naming the link
     */
    static void checkMountPoints(Path rootfs) {
        for (String p : MOUNT_POINTS) {
            if (!RootfsPaths.isPlain(rootfs, p)) {
                throw new IllegalArgumentException("the image's " + p + " is a symbolic link, and the launcher "
                        + "mounts there");
            }
        }
    }

    /**
     * The task's working directory inside the container, as Mesos's {@code docker/runtime} sets it: the image's
     * {@code WorkingDir} when it names one (created, as Mesos's launcher does, when the image lacks it), else the
     * sandbox.
     *
     * @throws IllegalArgumentException when the image's {@code WorkingDir} exists in it as something else than a
     *     directory, or cannot be created
     */
    static String workingDir(Path rootfs, ImageRuntimeConfig image) {
        if (image.workingDir().isEmpty()) {
            return SANDBOX;
        }
        String wd = Path.of("/").resolve(image.workingDir()).normalize().toString();
        if (wd.startsWith("/tmp/")) {
            return wd; // the launcher makes it in the private /tmp, which hides the image's own
        }
        Path host = RootfsPaths.resolve(rootfs, wd);
        try {
            if (!Files.isDirectory(host)) {
                Files.createDirectories(host);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the image's WorkingDir '" + image.workingDir() + "' is not a "
                    + "directory and cannot be made one: " + e, e);
        }
        return wd;
    }

    /**
     * The task's argv in the image: the command as Mesos's two forms say; a command with no value runs the image's
     * {@code Entrypoint} and {@code Cmd} (the part of Mesos's {@code docker/runtime} rules for a task without a
     * command).
     *
     * @throws IllegalArgumentException when neither the task nor the image says what to run
     */
    static List<String> taskArgv(CommandInfo command, ImageRuntimeConfig image) {
        if (command.hasValue() && !command.getValue().isEmpty()) {
            return LaunchCommand.taskArgv(command);
        }
        List<String> argv = new ArrayList<>(image.entrypoint());
        argv.addAll(image.cmd());
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("the task has no command and the image has neither Entrypoint nor Cmd");
        }
        return argv;
    }

    /** A util-linux program by absolute path: the script runs it after PATH has become the task's. */
    private static String find(String program) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            File f = new File(dir, program);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return program;
    }
}
