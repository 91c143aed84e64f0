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
package org.agora.isolator.disk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.containerizer.ContainerState;
import org.agora.api.isolator.IsolatorException;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real du over real files. */
class DiskIsolatorTest {
    @TempDir
    Path dir;

    private final DiskIsolator isolator = new DiskIsolator(Map.of("check.interval.ms", 20L));

    @AfterEach
    void stop() {
        isolator.stop();
    }

    private ContainerConfig config(String id, String resources) throws Exception {
        return new ContainerConfig(ContainerID.newBuilder().setValue(id).build(),
                CommandInfo.newBuilder().setValue("true").build(), Resources.parse(resources),
                Files.createDirectories(dir.resolve(id)), Optional.empty(), Optional.empty(), Map.of());
    }

    private static void write(Path file, int megabytes) throws Exception {
        Files.write(file, new byte[megabytes * 1024 * 1024]);
    }

    @Test
    void aSandboxLargerThanItsDiskEndsTheContainerWithTheDiskReason() throws Exception {
        ContainerConfig big = config("big", "cpus:1;disk:2");
        ContainerConfig small = config("small", "cpus:1;disk:8");
        isolator.prepare(big);
        isolator.prepare(small);
        write(small.sandbox().resolve("data"), 3);
        write(big.sandbox().resolve("data"), 3);

        ContainerLimitation l = isolator.watch(big.containerId()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(l.reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_DISK);
        assertThat(l.message()).contains("exceeds quota (2.0 MB)");
        assertThat(isolator.watch(small.containerId()).toCompletableFuture().isDone()).isFalse();
    }

    @Test
    void recoveredContainersAreWatchedAgainAndCleanupForgetsThem() throws Exception {
        ContainerConfig c = config("again", "disk:1");
        isolator.recover(List.of(new ContainerState(c.containerId(), 1, c.sandbox(), c.resources())));
        CompletableFuture<ContainerLimitation> watch = isolator.watch(c.containerId()).toCompletableFuture();
        write(c.sandbox().resolve("data"), 2);
        assertThat(watch.get(10, TimeUnit.SECONDS).reason())
                .isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_DISK);
        isolator.cleanup(c.containerId());
        assertThat(isolator.watch(c.containerId()).toCompletableFuture().isDone()).isFalse();
    }

    /** The containerizer calls isolators for different containers at once; each keeps its own limit and watch. */
    @Test
    void containersPreparedAndCleanedUpAtOnceAreEachHeldToTheirOwnDisk() throws Exception {
        int containers = 24;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<ContainerLimitation>> over = new java.util.ArrayList<>();
            List<java.util.concurrent.Future<CompletableFuture<ContainerLimitation>>>
                    under = new java.util.ArrayList<>();
            for (int i = 0; i < containers; i++) {
                ContainerConfig c = config("c" + i, "cpus:1;disk:" + (i % 2 == 0 ? 1 : 64));
                if (i % 2 == 0) {
                    over.add(pool.submit(() -> {
                        go.await();
                        isolator.prepare(c);
                        write(c.sandbox().resolve("data"), 2);
                        ContainerLimitation l = isolator.watch(c.containerId()).toCompletableFuture()
                                .get(30, TimeUnit.SECONDS);
                        isolator.cleanup(c.containerId());
                        return l;
                    }));
                } else {
                    under.add(pool.submit(() -> {
                        go.await();
                        isolator.prepare(c);
                        write(c.sandbox().resolve("data"), 2);
                        return isolator.watch(c.containerId()).toCompletableFuture();
                    }));
                }
            }
            go.countDown();
            for (var f : over) {
                assertThat(f.get(60, TimeUnit.SECONDS).message()).contains("exceeds quota (1.0 MB)");
            }
            List<CompletableFuture<ContainerLimitation>> watches = new java.util.ArrayList<>();
            for (var f : under) {
                watches.add(f.get(60, TimeUnit.SECONDS));
            }
            // every oversized sandbox was caught; let the checker go round over the others once more
            ContainerConfig probe = config("probe", "disk:1");
            isolator.prepare(probe);
            write(probe.sandbox().resolve("data"), 2);
            isolator.watch(probe.containerId()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(watches).noneMatch(CompletableFuture::isDone);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMissingDuIsReportedAtStart() {
        DiskIsolator broken = new DiskIsolator(Map.of("du", "/nonexistent/du"));
        try {
            assertThatThrownBy(broken::validate).isInstanceOf(IsolatorException.class)
                    .hasMessageContaining("/nonexistent/du");
        } finally {
            broken.stop();
        }
    }
}
