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

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native launcher as the build ships it: installed from the bundle's classes, checked by its hash, and run on
 * its own (for images as root, in a rootfs of Debian's static busybox) for what the containerizer's tests cannot
 * provoke: its messages and exit statuses for a launch that fails, joining cgroups and a network namespace, and the
 * exit-status recorder's session and signals.
 */
class LauncherBinaryTest {
    @TempDir
    Path dir;

    private byte[] shipped;

    @BeforeEach
    void needsTheBinary() throws Exception {
        try (InputStream in = LauncherBinary.class.getResourceAsStream(LauncherBinary.RESOURCE)) {
            assumeTrue(in != null, "this build has no native launcher (no gcc at build time)");
            shipped = in.readAllBytes();
        }
    }

    @Test
    void installWritesTheShippedBinaryOnceNamedForItsHashExecutableByAll() throws Exception {
        Path installed = LauncherBinary.install(dir.resolve("launcher")).orElseThrow();
        String sha = LauncherBinary.sha256(shipped);
        assertThat(installed).hasFileName("agora-launcher-" + sha.substring(0, 16)).hasBinaryContent(shipped);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(installed))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(installed.getParent())))
                .isEqualTo("rwxr-xr-x");
        // nothing else is left there (the temporary file was renamed onto it)
        try (var files = Files.list(installed.getParent())) {
            assertThat(files).containsExactly(installed);
        }
        assertThat(LauncherBinary.install(dir.resolve("launcher"))).hasValue(installed);
    }

    @Test
    void aFileThatDoesNotMatchTheHashIsReplaced() throws Exception {
        Path installed = LauncherBinary.install(dir).orElseThrow();
        Files.writeString(installed, "#!/bin/sh\necho agora-launcher 1\n");
        assertThat(LauncherBinary.install(dir)).hasValue(installed);
        assertThat(installed).hasBinaryContent(shipped);
    }

    @Test
    void aDirectoryOthersMayWriteToIsNotUsed() throws Exception {
        Path open = Files.createDirectories(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(LauncherBinary.install(open)).isEmpty();
        try (var files = Files.list(open)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aLaunchThatFailsBeforeTheTaskSaysWhatAndExits125() throws Exception {
        needsRoot();
        Path launcher = LauncherBinary.install(dir.resolve("launcher")).orElseThrow();
        Path rootfs = rootfs();
        Result missingRootfs = run(launcher, "--rootfs", dir.resolve("no-such-rootfs").toString(), "--sandbox",
                sandbox().toString(), "--workdir", "/", "--", "true");
        assertThat(missingRootfs.status).isEqualTo(125);
        assertThat(missingRootfs.output).isEqualTo("agora launcher: cannot bind-mount the rootfs "
                + dir.resolve("no-such-rootfs") + ": No such file or directory");
        Result missingVolume = run(launcher, "--rootfs", rootfs.toString(), "--sandbox", sandbox().toString(),
                "--workdir", "/", "--volume", dir.resolve("gone").toString(), rootfs.resolve("data").toString(),
                "rw:d", "--", "true");
        assertThat(missingVolume.status).isEqualTo(125);
        assertThat(missingVolume.output).startsWith("agora launcher: cannot mount the volume " + dir.resolve("gone")
                + " at " + rootfs.resolve("data"));
        Result badUsage = run(launcher, "--rootfs", rootfs.toString(), "--", "true");
        assertThat(badUsage.status).isEqualTo(125);
        assertThat(badUsage.output).isEqualTo("agora launcher: --rootfs, --sandbox and --workdir are required");
        // nothing of those launches stays mounted on the host
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
    }

    @Test
    void aTaskThatCannotBeExecutedExits127WhenMissingAnd126Otherwise() throws Exception {
        needsRoot();
        Path launcher = LauncherBinary.install(dir.resolve("launcher")).orElseThrow();
        Path rootfs = rootfs();
        Files.writeString(rootfs.resolve("not-executable"), "data");
        Result missing = run(launcher, "--pid", "--rootfs", rootfs.toString(), "--sandbox", sandbox().toString(),
                "--workdir", "/", "--", "no-such-command");
        assertThat(missing.status).isEqualTo(127);
        assertThat(missing.output).isEqualTo("agora launcher: cannot execute no-such-command: No such file or "
                + "directory");
        Result notExecutable = run(launcher, "--rootfs", rootfs.toString(), "--sandbox", sandbox().toString(),
                "--workdir", "/", "--", "/not-executable");
        assertThat(notExecutable.status).isEqualTo(126);
        assertThat(notExecutable.output).isEqualTo("agora launcher: cannot execute /not-executable: Permission "
                + "denied");
    }

    @Test
    void withNetnsTheTaskRunsInThatNetworkNamespace() throws Exception {
        needsRoot();
        Path launcher = LauncherBinary.install(dir.resolve("launcher")).orElseThrow();
        Path rootfs = rootfs();
        // a network namespace of this test's own, held by a process that sleeps in it
        Process holder = new ProcessBuilder("unshare", "--net", "sleep", "60").start();
        try {
            Path netns = Path.of("/proc", Long.toString(holder.pid()), "ns", "net");
            org.awaitility.Awaitility.await().until(() -> !Files.readSymbolicLink(netns).equals(
                    Files.readSymbolicLink(Path.of("/proc/self/ns/net"))));
            Result r = run(launcher, "--pid", "--netns", netns.toString(), "--rootfs", rootfs.toString(),
                    "--sandbox", sandbox().toString(), "--workdir", "/", "--", "readlink", "/proc/self/ns/net");
            assertThat(r.status).as(r.output).isZero();
            assertThat(r.output).isEqualTo(Files.readSymbolicLink(netns).toString());
            Result missing = run(launcher, "--netns", dir.resolve("no-netns").toString(), "--rootfs",
                    rootfs.toString(), "--sandbox", sandbox().toString(), "--workdir", "/", "--", "true");
            assertThat(missing.status).isEqualTo(125);
            assertThat(missing.output).isEqualTo("agora launcher: cannot join the network namespace "
                    + dir.resolve("no-netns") + ": No such file or directory");
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void withoutRootfsItExecsTheTaskAndRecordsItsExitStatusAsAShellWould() throws Exception {
        Path launcher = LauncherBinary.install(dir.resolve("launcher")).orElseThrow();
        Path status = dir.resolve("exit-status");
        Result exited = run(launcher, "--exit-status", status.toString(), "--", "/bin/sh", "-c", "echo ran; exit 7");
        assertThat(exited).isEqualTo(new Result(7, "ran"));
        assertThat(status).hasContent("7\n");
        Result killed = run(launcher, "--exit-status", status.toString(), "--", "/bin/sh", "-c", "kill -KILL $$");
        assertThat(killed.status).isEqualTo(128 + 9);
        assertThat(status).hasContent("137\n");
        // without --exit-status nothing stays between: the launcher is the task
        assertThat(run(launcher, "--", "/bin/sh", "-c", "exit 4").status).isEqualTo(4);
    }

    @Test
    void theRecorderIsASessionOfItsOwnAndOutlivesSigtermUntilTheTaskEnds() throws Exception {
        Path launcher = LauncherBinary.install(dir.resolve("launcher")).orElseThrow();
        Path status = dir.resolve("exit-status");
        Process p = new ProcessBuilder(launcher.toString(), "--exit-status", status.toString(), "--", "sleep", "60")
                .start();
        try {
            ProcessHandle task = org.awaitility.Awaitility.await().until(() -> p.children()
                    .filter(c -> c.info().command().map(cmd -> cmd.endsWith("sleep")).orElse(false)).findFirst(),
                    java.util.Optional::isPresent).orElseThrow();
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            assertThat(Long.parseLong(fields[3])).as("session id").isEqualTo(p.pid());
            p.destroy(); // SIGTERM to the recorder: it stays, the task runs on
            task.destroy(); // SIGTERM to the task, at its default action
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // had the recorder died of the first SIGTERM, no status would be written
            assertThat(status).hasContent((128 + 15) + "\n");
            assertThat(p.exitValue()).isEqualTo(128 + 15);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void withoutRootfsImageOptionsAndAMissingCgroupAreRefusedWith125() throws Exception {
        Path launcher = LauncherBinary.install(dir.resolve("launcher")).orElseThrow();
        assertThat(run(launcher, "--user", "1:1", "--", "true")).isEqualTo(new Result(125,
                "agora launcher: --netns, --user and --volume need --rootfs"));
        Path missing = dir.resolve("no-such-cgroup");
        assertThat(run(launcher, "--cgroup", missing.toString(), "--", "true")).isEqualTo(new Result(125,
                "agora launcher: cannot join cgroup " + missing + ": No such file or directory"));
        assertThat(run(launcher, "--", "no-such-command").status).isEqualTo(127);
    }

    @Test
    void withPidAndNoRootfsTheTaskIsPidOneOfItsOwnNamespaceWithItsOwnProc() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: namespaces");
        Path status = dir.resolve("status");
        Result r = run(launcher(), "--exit-status", status.toString(), "--pid", "--", "/bin/sh", "-c",
                "echo pid $$; ls /proc | grep -c '^[0-9]'; exit 6");
        List<String> lines = List.of(r.output.split("\n"));
        assertThat(lines.get(0)).isEqualTo("pid 1");
        // the shell, and ls or grep while it lists /proc: a handful, not the host's hundreds
        assertThat(Integer.parseInt(lines.get(1).trim())).isBetween(1, 4);
        assertThat(r.status).isEqualTo(6);
        assertThat(status).hasContent("6\n");
        // the host's /proc is the host's still
        assertThat(Files.readString(Path.of("/proc/self/mountinfo")).lines().filter(l -> l.contains(" /proc "))
                .count()).isEqualTo(1);
    }

    @Test
    void itJoinsEveryCgroupNamedBeforeTheTaskRuns() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: cgroups");
        Path root = Path.of("/sys/fs/cgroup/pids");
        assumeTrue(Files.isWritable(root.resolve("cgroup.procs")), "needs the v1 pids hierarchy");
        Path cgroup = Files.createDirectory(root.resolve("agora-launcher-test-" + ProcessHandle.current().pid()));
        try {
            Result r = run(launcher(), "--cgroup", cgroup.toString(), "--exit-status",
                    dir.resolve("status").toString(), "--", "/bin/sh", "-c", "grep pids: /proc/self/cgroup");
            assertThat(r.output).endsWith(":pids:/" + cgroup.getFileName());
            assertThat(r.status).isZero();
        } finally {
            Files.delete(cgroup);
        }
    }

    private Path launcher() {
        return LauncherBinary.install(dir.resolve("launcher")).orElseThrow();
    }

    private static void needsRoot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: the launcher mounts");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs Debian's busybox-static");
        Process ldd = new ProcessBuilder("ldd", "/bin/busybox").redirectErrorStream(true).start();
        assumeTrue(new String(ldd.getInputStream().readAllBytes()).contains("not a dynamic executable"),
                "/bin/busybox is not the static one (busybox-static)");
    }

    private Path rootfs() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "true", "readlink")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        return bin.getParent();
    }

    private Path sandbox() throws Exception {
        return Files.createDirectories(dir.resolve("sandbox"));
    }

    private record Result(int status, String output) {
    }

    private static Result run(Path launcher, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(launcher.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("PATH", "/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
        return new Result(p.exitValue(), out);
    }
}
