package org.agora.containerizer.mesos.internal;

import java.io.File;
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
 * After joining the cgroups ({@link LaunchCommand#joinCgroups}) the launcher enters a new mount namespace (and a pid
 * namespace with {@code namespaces/pid}) with {@code unshare}, where a {@code /bin/sh} script of the host makes every
 * mount private, bind-mounts the sandbox at {@code <rootfs>/mnt/mesos/sandbox}, mounts {@code /proc} and a minimal
 * {@code /dev} (a tmpfs with the host's null, zero, full, random, urandom and tty bound in, the fd links and a
 * {@code /dev/shm}), moves the rootfs onto {@code /} and execs {@code unshare --root} to enter it, change to the
 * sandbox and, for another user, take on its ids; from there on only the image's files exist, and the task's
 * command is looked up in them.
 *
 * <p>Why a move and a chroot rather than {@code pivot_root}: after {@code pivot_root} no program of the host can run
 * any more (the image has neither the host's dynamic loader nor its libraries), so the old root, still mounted
 * beneath, could only be detached by a tool from the image, which an image need not have. Moving the rootfs onto
 * {@code /} in the container's own mount namespace hides the host's root beneath it (as runc's no-pivot mode does):
 * a path that climbs out of the container's root lands on the rootfs mounted over {@code /} again. The host's mounts
 * stay in the container's namespace beneath the rootfs, unreachable by path.
 */
final class ImageLaunch {
    /** Where the sandbox appears inside the container (Mesos's {@code MESOS_SANDBOX} for image containers). */
    static final String SANDBOX = "/mnt/mesos/sandbox";

    /**
     * Positional parameters: $1 rootfs, $2 sandbox, $3 unshare, $4 PATH of the task, $5 uid, $6 gid, then the task.
     * The exit status is recorded outside, by {@link LaunchCommand#recordExitStatus} before the namespaces are
     * entered, so that the script's last exec leaves the task as pid 1 of a new pid namespace.
     */
    static final String SCRIPT = """
            fail() { echo "agora launcher: $1" >&2; exit %d; }
            root=$1; sandbox=$2; unshare=$3; path=$4; uid=$5; gid=$6; shift 6
            mount --make-rprivate / || fail "cannot make the container's mounts private"
            mount --bind "$root" "$root" || fail "cannot bind-mount the rootfs $root"
            mkdir -p "$root/mnt/mesos/sandbox" "$root/proc" "$root/dev" || fail "cannot make mount points in $root"
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
            cd "$root" && mount --move . / || fail "cannot move the rootfs $root onto /"
            PATH=$path; export PATH
            if [ -n "$uid" ]; then set -- --setgid "$gid" --setuid "$uid" -- "$@"; else set -- -- "$@"; fi
            exec "$unshare" --root=. --wd=%s "$@"
            """.formatted(LaunchCommand.JOIN_FAILED, SANDBOX);

    private static final String UNSHARE = find("unshare");

    private ImageLaunch() {
    }

    /**
     * @param taskArgv the task's argv, resolved inside the image
     * @param taskPath the PATH the task's command is looked up with inside the image
     * @param exitStatusFile where to record the task's exit status (the wrapper also runs in a session of its own, as
     *     the agent's checkpointed tasks do); empty: nowhere
     */
    static List<String> argv(List<String> cgroupPaths, Set<String> namespaces, Path rootfs, Path sandbox,
            Optional<UserIds> user, String taskPath, Optional<Path> exitStatusFile, List<String> taskArgv) {
        List<String> argv = LaunchCommand.joinCgroups(cgroupPaths);
        argv.addAll(LaunchCommand.recordExitStatus(exitStatusFile));
        argv.addAll(List.of(UNSHARE, "--mount", "--propagation", "private"));
        if (namespaces.contains("pid")) {
            argv.addAll(List.of("--pid", "--fork", "--kill-child"));
        }
        argv.addAll(List.of("/bin/sh", "-c", SCRIPT, "agora-rootfs", rootfs.toString(), sandbox.toString(), UNSHARE,
                taskPath, user.map(u -> Integer.toString(u.uid())).orElse(""),
                user.map(u -> Integer.toString(u.gid())).orElse("")));
        argv.addAll(taskArgv);
        return argv;
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
