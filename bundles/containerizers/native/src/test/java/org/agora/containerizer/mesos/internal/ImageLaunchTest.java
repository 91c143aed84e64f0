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

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.agora.containerizer.mesos.internal.LaunchCommand.UserIds;
import org.junit.jupiter.api.Test;

/** The argv of an image container, for the native launcher and for the script it falls back to. */
class ImageLaunchTest {
    private static final Path LAUNCHER = Path.of("/var/lib/agora/agora-launcher-0123456789abcdef");
    private static final Path ROOTFS = Path.of("/agent/provisioner/c1/rootfs");
    private static final Path SANDBOX = Path.of("/agent/sandboxes/c1");
    private static final List<ContainerVolumes.BindMount> VOLUMES = List.of(
            new ContainerVolumes.BindMount(Path.of("/srv/data"), ROOTFS.resolve("data"), true, '-'),
            new ContainerVolumes.BindMount(Path.of("/etc/app.conf"), ROOTFS.resolve("tmp/app.conf"), false, 'f'));

    private static ImageLaunch.Plan plan(Set<String> namespaces, Optional<UserIds> user, Optional<Path> status,
            List<ContainerVolumes.BindMount> volumes, Optional<Path> netns) {
        return new ImageLaunch.Plan(List.of("/sys/fs/cgroup/agora/c1"), namespaces, ROOTFS, SANDBOX, user,
                "/usr/bin:/bin", status, "/srv/app", volumes, List.of("/bin/sh", "-c", "echo hi"), netns);
    }

    @Test
    void theNativeLauncherGetsEverythingAsOptionsAndTheTaskAfterTheDoubleDash() {
        List<String> argv = ImageLaunch.argv(Optional.of(LAUNCHER), plan(Set.of("pid"),
                Optional.of(new UserIds(1234, 2345)), Optional.of(SANDBOX.resolve(".agora/exit_status")), VOLUMES,
                Optional.of(Path.of("/var/run/netns/c1"))));
        // one process: it joins the cgroups and records the exit status itself, as for any container
        assertThat(argv.get(0)).isEqualTo(LAUNCHER.toString());
        assertThat(argv.subList(1, argv.size())).containsExactly("--cgroup", "/sys/fs/cgroup/agora/c1",
                "--exit-status", SANDBOX.resolve(".agora/exit_status").toString(), "--pid", "--netns",
                "/var/run/netns/c1",
                "--rootfs", ROOTFS.toString(), "--sandbox", SANDBOX.toString(), "--workdir", "/srv/app",
                "--user", "1234:2345",
                "--volume", "/srv/data", ROOTFS + "/data", "ro:-",
                "--volume", "/etc/app.conf", ROOTFS + "/tmp/app.conf", "rw:f",
                "--", "/bin/sh", "-c", "echo hi");
    }

    @Test
    void withoutPidNamespaceUserVolumesOrNetworkTheNativeLauncherGetsOnlyThePaths() {
        List<String> argv = ImageLaunch.argv(Optional.of(LAUNCHER), plan(Set.of("mnt"), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty()));
        assertThat(argv).containsExactly(LAUNCHER.toString(), "--cgroup", "/sys/fs/cgroup/agora/c1", "--rootfs",
                ROOTFS.toString(), "--sandbox", SANDBOX.toString(), "--workdir", "/srv/app", "--", "/bin/sh", "-c",
                "echo hi");
        assertThat(argv).doesNotContain(LaunchCommand.EXIT_STATUS_WRAPPER);
    }

    @Test
    void theNativeLauncherStartsWithTheTasksPathTheScriptWithTheHosts() {
        ImageLaunch.Plan plan = plan(Set.of(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());
        assertThat(ImageLaunch.launcherPath(Optional.of(LAUNCHER), plan, "/usr/sbin:/usr/bin"))
                .isEqualTo("/usr/bin:/bin");
        assertThat(ImageLaunch.launcherPath(Optional.empty(), plan, "/usr/sbin:/usr/bin"))
                .isEqualTo("/usr/sbin:/usr/bin");
    }

    @Test
    void withoutTheNativeLauncherTheScriptRunsUnderUnshareWithPositionalParameters() {
        List<String> argv = ImageLaunch.argv(Optional.empty(), plan(Set.of("pid"), Optional.of(new UserIds(1234,
                2345)), Optional.empty(), VOLUMES, Optional.empty()));
        int script = argv.indexOf(ImageLaunch.SCRIPT);
        assertThat(argv.subList(0, script)).endsWith("--mount", "--propagation", "private", "--pid", "--fork",
                "--kill-child", "/bin/sh", "-c");
        assertThat(argv.get(script - 9)).endsWith("unshare");
        assertThat(argv.subList(script + 1, argv.size())).containsExactly("agora-rootfs", ROOTFS.toString(),
                SANDBOX.toString(), argv.get(script - 9), "/usr/bin:/bin", "1234", "2345", "/srv/app", "2",
                "/srv/data", ROOTFS + "/data", "ro:-", "/etc/app.conf", ROOTFS + "/tmp/app.conf", "rw:f",
                "/bin/sh", "-c", "echo hi");
        assertThat(argv).doesNotContain(LAUNCHER.toString());
    }

    @Test
    void theScriptJoinsANetworkNamespaceThroughNsenter() {
        List<String> argv = ImageLaunch.argv(Optional.empty(), plan(Set.of(), Optional.empty(), Optional.empty(),
                List.of(), Optional.of(Path.of("/var/run/netns/c1"))));
        int nsenter = argv.indexOf("--net=/var/run/netns/c1");
        assertThat(argv.get(nsenter - 1)).endsWith("nsenter");
        assertThat(argv.get(nsenter + 1)).endsWith("unshare");
    }
}
