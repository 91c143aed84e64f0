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
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finished container's exit-status record is rewritten by the agent, and nothing else is touched. */
class ExitStatusRecordTest {
    @TempDir
    Path dir;

    private Path record(Path sandbox, String content) throws IOException {
        Path file = sandbox.resolve(".agora").resolve("exit_status");
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private static Object inode(Path file) throws IOException {
        return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
    }

    @Test
    void theRecordBecomesANewFileWithTheSameBytesAndMode() throws Exception {
        Path sandbox = dir.resolve("sandbox");
        Path file = record(sandbox, "137\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Object before = inode(file);

        assertThat(ExitStatusRecord.release(sandbox, file)).isTrue();

        assertThat(inode(file)).isNotEqualTo(before);
        assertThat(Files.readString(file)).isEqualTo("137\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("exit_status");
        }
    }

    @Test
    void linksLargeFilesAndPathsOutsideTheSandboxAreLeftAlone() throws Exception {
        Path outside = dir.resolve("outside");
        Path secret = record(outside, "7\n");
        Object secretInode = inode(secret);

        // the record is a symbolic link to a file elsewhere
        Path linked = dir.resolve("linked");
        Files.createDirectories(linked.resolve(".agora"));
        Files.createSymbolicLink(linked.resolve(".agora/exit_status"), secret);
        assertThat(ExitStatusRecord.release(linked, linked.resolve(".agora/exit_status"))).isFalse();
        assertThat(Files.isSymbolicLink(linked.resolve(".agora/exit_status"))).isTrue();

        // its directory is a symbolic link to a directory elsewhere
        Path swapped = dir.resolve("swapped");
        Files.createDirectories(swapped);
        Files.createSymbolicLink(swapped.resolve(".agora"), secret.getParent());
        assertThat(ExitStatusRecord.release(swapped, swapped.resolve(".agora/exit_status"))).isFalse();

        // more than an exit status
        Path large = dir.resolve("large");
        Path big = record(large, "0\n".repeat(50));
        Object bigInode = inode(big);
        assertThat(ExitStatusRecord.release(large, big)).isFalse();
        assertThat(inode(big)).isEqualTo(bigInode);

        // missing, or not under the sandbox
        assertThat(ExitStatusRecord.release(dir.resolve("none"), dir.resolve("none/.agora/exit_status"))).isFalse();
        assertThat(ExitStatusRecord.release(linked, secret)).isFalse();

        assertThat(inode(secret)).isEqualTo(secretInode);
        assertThat(Files.readString(secret)).isEqualTo("7\n");
        try (Stream<Path> files = Files.list(secret.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("exit_status");
        }
    }

    @Test
    void theContainersMemoryCgroupIsNoLongerChargedForTheRecord() throws Exception {
        Path hierarchy = memoryHierarchy();
        Path cgroup = hierarchy.resolve("agora-exit-record-test-" + UUID.randomUUID());
        Files.createDirectory(cgroup);
        try {
            Path sandbox = dir.resolve("sandbox");
            Path file = sandbox.resolve(".agora").resolve("exit_status");
            Files.createDirectories(file.getParent());
            // as the launcher does: a process in the container's cgroup writes the record
            Process writer = new ProcessBuilder("/bin/sh", "-c", "echo $$ > \"$1/cgroup.procs\" && echo 0 > \"$2\"",
                    "sh", cgroup.toString(), file.toString()).start();
            assertThat(writer.waitFor()).isZero();
            long charged = charged(hierarchy, cgroup);
            assertThat(charged).as("the record's page, charged to the container").isGreaterThanOrEqualTo(4096);

            assertThat(ExitStatusRecord.release(sandbox, file)).isTrue();

            // the old page is freed once the last reference to it goes, which a CPU's batch of pages may hold a moment
            await().atMost(Duration.ofSeconds(10)).until(() -> charged(hierarchy, cgroup) <= charged - 4096);
            assertThat(Files.readString(file)).isEqualTo("0\n");
        } finally {
            Files.deleteIfExists(cgroup);
        }
    }

    /** v1's memory hierarchy, or the v2 root when it offers the memory controller to its children; else skipped. */
    private static Path memoryHierarchy() throws IOException {
        Path v1 = Path.of("/sys/fs/cgroup/memory");
        if (Files.exists(v1.resolve("memory.stat")) && Files.isWritable(v1)) {
            return v1;
        }
        Path v2 = Path.of("/sys/fs/cgroup");
        Path control = v2.resolve("cgroup.subtree_control");
        if (Files.exists(control) && Files.isWritable(v2)
                && List.of(Files.readString(control).trim().split(" ")).contains("memory")) {
            return v2;
        }
        assumeTrue(false, "no writable memory cgroup hierarchy here (needs root)");
        return null;
    }

    /**
     * What {@code cgroup} is charged now (v1's {@code memory.usage_in_bytes}, v2's {@code memory.current}: exact at
     * once, where {@code memory.stat} may lag).
     */
    private static long charged(Path hierarchy, Path cgroup) throws IOException {
        String file = hierarchy.endsWith("memory") ? "memory.usage_in_bytes" : "memory.current";
        return Long.parseLong(Files.readString(cgroup.resolve(file)).trim());
    }
}
