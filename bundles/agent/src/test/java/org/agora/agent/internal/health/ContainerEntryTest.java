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
package org.agora.agent.internal.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agora.agent.internal.launcher.CommandLauncher;
import org.agora.agent.internal.launcher.ProcessTree;
import org.agora.agent.internal.launcher.UserAccounts;
import org.agora.api.v1.Protos.CommandInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COMMAND checks entering a real task's mount namespace and cgroups (as root, with util-linux). */
class ContainerEntryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, String> ENV = Map.of("PATH", CommandLauncher.DEFAULT_PATH);

    @TempDir
    Path dir;

    private Process task;
    private Path cgroup;

    @AfterEach
    void cleanUp() throws Exception {
        if (task != null) {
            ProcessTree.kill(task.toHandle(), List.of());
            task.waitFor();
        }
        if (cgroup != null) {
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
                Files.delete(cgroup);
                return true;
            });
        }
    }

    private static CommandInfo shell(String command) {
        return CommandInfo.newBuilder().setValue(command).build();
    }

    private Optional<String> check(String command) throws Exception {
        long pid = task.pid();
        return new CommandProbe(() -> ContainerEntry.argv(pid, shell(command), Optional.empty()), ENV, dir,
                command).check(TIMEOUT);
    }

    private void start(String script) throws IOException {
        task = new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile())
                .redirectOutput(dir.resolve("out").toFile()).redirectErrorStream(true).start();
        await().atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("ready")));
    }

    @Test
    void aCheckOfATaskInAMountNamespaceOfItsOwnRunsInThatNamespace() throws Exception {
        assumeTrue(UserAccounts.currentUid() == 0, "needs root: a mount namespace of the task's own");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")) && Files.isExecutable(Path.of("/usr/bin/nsenter")),
                "needs util-linux's unshare and nsenter");
        String marker = "/mnt/agora-health-" + UUID.randomUUID();
        // the top process stays in the agent's namespace; its child has a tmpfs on /mnt that only it sees
        start("unshare --mount /bin/sh -c 'mount -t tmpfs none /mnt && touch " + marker
                + " && touch ready && exec sleep 600'; exit 0");

        assertThat(ContainerEntry.mountNamespaceOf(task.pid())).isPresent().get().isNotEqualTo(task.pid());
        assertThat(check("test -e " + marker)).isEmpty();
        assertThat(new CommandProbe(() -> CommandLauncher.argv(shell("test -e " + marker), Optional.empty()), ENV,
                dir, "plain").check(TIMEOUT)).as("the marker is not visible from the agent's namespace").isPresent();
    }

    @Test
    void aCheckJoinsTheCgroupsOfItsTask() throws Exception {
        assumeTrue(UserAccounts.currentUid() == 0, "needs root: cgroups");
        Path root = Path.of("/sys/fs/cgroup");
        Path hierarchy = Files.exists(root.resolve("cgroup.controllers")) ? root : root.resolve("pids");
        assumeTrue(Files.isWritable(hierarchy), "needs a writable cgroup hierarchy");
        String name = "agora-health-" + UUID.randomUUID();
        cgroup = Files.createDirectory(hierarchy.resolve(name));
        start("echo $$ > " + cgroup.resolve("cgroup.procs") + " && touch ready && exec sleep 600");

        assertThat(ContainerEntry.cgroupsOf(task.pid())).contains(cgroup);
        assertThat(check("grep -q '" + name + "' /proc/self/cgroup")).isEmpty();
        assertThat(ContainerEntry.mountNamespaceOf(task.pid())).isEmpty();
    }

    @Test
    void theTaskTreeReadFromProcChildrenIsTheTreeProcessHandleSees() throws Exception {
        // the top process (a shell) has a sleep and a shell with a sleep of its own: two levels below it
        start("/bin/sh -c 'sleep 600 & touch ready; exec sleep 600' & exec /bin/sh -c 'sleep 600 & wait'");
        await().atMost(TIMEOUT).until(() -> task.toHandle().descendants().count() >= 3);

        List<Long> viaProc = ContainerEntry.processTree(task.toHandle()).stream().map(ProcessHandle::pid).sorted()
                .toList();
        List<Long> viaJdk = java.util.stream.Stream.concat(java.util.stream.Stream.of(task.toHandle()),
                task.toHandle().descendants()).map(ProcessHandle::pid).sorted().toList();
        assertThat(viaProc).hasSizeGreaterThanOrEqualTo(4).isEqualTo(viaJdk);
    }
}
