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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerState;
import org.agora.api.isolator.IsolatorException;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.isolator.cgroups.internal.hierarchy.Cgroup;
import org.agora.isolator.cgroups.internal.hierarchy.CgroupVersion;
import org.agora.isolator.cgroups.internal.hierarchy.Hierarchy;
import org.agora.isolator.cgroups.internal.memory.MemoryIsolator;
import org.agora.isolator.cgroups.internal.pids.PidsIsolator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every cgroups isolator does alike, on the machine's real cgroups (pids and memory stand for all). */
class CgroupIsolatorTest {
    private CgroupTestSupport machine;

    @BeforeEach
    void setUp() {
        machine = CgroupTestSupport.onThisMachine().assumeController("pids");
    }

    @AfterEach
    void tearDown() throws Exception {
        machine.close();
    }

    private PidsIsolator pids() {
        return new PidsIsolator(machine.cgroups, Map.of());
    }

    @Test
    void grandchildrenDieWithTheContainerHoweverTheyForked() {
        PidsIsolator isolator = pids();
        LaunchContribution launch = isolator.prepare(machine.config("tree", "cpus:1;mem:64"));
        Cgroup cgroup = machine.cgroups.cgroup("pids", "tree");
        // a child with a child of its own, and a grandchild that left the session and was reparented to init
        Process top = machine.launch("sh -c 'sleep 600 & exec sleep 601' & (setsid sleep 602 &); exec sleep 603",
                launch);
        await().atMost(Duration.ofSeconds(10)).until(() -> cgroup.pids().size() == 4);
        List<Long> all = cgroup.pids();

        top.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !top.isAlive());
        assertThat(cgroup.pids()).as("descendants outlive their parent").hasSize(3);

        isolator.cleanup(CgroupTestSupport.id("tree"));

        assertThat(all).allMatch(CgroupTestSupport::gone);
        assertThat(cgroup.exists()).isFalse();
        if (machine.cgroups.version() == CgroupVersion.V1 && machine.hierarchy.has("freezer")) {
            assertThat(machine.cgroups.cgroup("freezer", "tree").exists()).isFalse();
        }
    }

    @Test
    void isolateMovesAProcessThatIsNotInItsCgroupsAndLeavesOneThatIs() {
        PidsIsolator isolator = pids();
        LaunchContribution launch = isolator.prepare(machine.config("moved", "cpus:1"));
        Cgroup cgroup = machine.cgroups.cgroup("pids", "moved");
        Process outside = machine.start(List.of("sleep", "600"));
        Process inside = machine.launch("exec sleep 601", launch);
        await().atMost(Duration.ofSeconds(10)).until(() -> cgroup.pids().size() == 1);

        isolator.isolate(CgroupTestSupport.id("moved"), inside.pid());
        isolator.isolate(CgroupTestSupport.id("moved"), outside.pid());

        assertThat(cgroup.pids()).containsExactlyInAnyOrder(inside.pid(), outside.pid());
        String relative = "/" + machine.hierarchy.mount("pids").relativize(cgroup.dir());
        assertThat(Cgroups.membership(outside.pid())).containsEntry(machine.cgroups.version() == CgroupVersion.V1
                ? "pids" : "", relative);
        isolator.cleanup(CgroupTestSupport.id("moved"));
        assertThat(CgroupTestSupport.gone(outside.pid())).isTrue();
    }

    @Test
    void cleanupAlsoRemovesCgroupsTheTaskCreatedInsideItsOwn() {
        PidsIsolator isolator = pids();
        LaunchContribution launch = isolator.prepare(machine.config("nest", "cpus:1"));
        Cgroup cgroup = machine.cgroups.cgroup("pids", "nest");
        Cgroup inner = cgroup.child("inner").child("deeper");
        inner.create();
        machine.launch("exec sleep 600", launch);
        await().atMost(Duration.ofSeconds(10)).until(() -> cgroup.pids().size() == 1);
        long pid = cgroup.pids().get(0);
        inner.attach(pid);
        assertThat(cgroup.pids()).isEmpty();

        isolator.cleanup(CgroupTestSupport.id("nest"));

        assertThat(cgroup.exists()).isFalse();
        assertThat(CgroupTestSupport.gone(pid)).isTrue();
    }

    @Test
    void recoverAdoptsALiveContainerAndRemovesAnOrphanCgroup() {
        machine.assumeController("memory");
        MemoryIsolator before = new MemoryIsolator(machine.cgroups, Map.of());
        LaunchContribution live = before.prepare(machine.config("live", "cpus:1;mem:64"));
        LaunchContribution orphan = before.prepare(machine.config("orphan", "cpus:1;mem:64"));
        Process liveProcess = machine.launch("exec sleep 600", live);
        Process orphanProcess = machine.launch("sleep 600 & exec sleep 601", orphan);
        Cgroup liveCgroup = machine.cgroups.cgroup("memory", "live");
        Cgroup orphanCgroup = machine.cgroups.cgroup("memory", "orphan");
        await().atMost(Duration.ofSeconds(10)).until(() -> liveCgroup.pids().size() == 1
                && orphanCgroup.pids().size() == 2);
        List<Long> orphanPids = orphanCgroup.pids();
        before.close();

        // a new instance, as after an agent restart or an upgrade of this bundle
        MemoryIsolator after = new MemoryIsolator(machine.cgroups, Map.of());
        after.recover(List.of(new ContainerState(CgroupTestSupport.id("live"), liveProcess.pid(), Path.of("/tmp"),
                Resources.parse("cpus:1;mem:64"))));

        assertThat(liveProcess.isAlive()).isTrue();
        assertThat(liveCgroup.pids()).containsExactly(liveProcess.pid());
        assertThat(after.usage(CgroupTestSupport.id("live")).processes()).isEqualTo(1);
        assertThat(after.usage(CgroupTestSupport.id("live")).memLimitBytes()).isEqualTo(64L << 20);
        CompletableFuture<?> watch = after.watch(CgroupTestSupport.id("live")).toCompletableFuture();
        assertThat(watch).isNotDone();

        assertThat(orphanCgroup.exists()).isFalse();
        assertThat(orphanPids).allMatch(CgroupTestSupport::gone);
        await().atMost(Duration.ofSeconds(10)).until(() -> !orphanProcess.isAlive());
        assertThatThrownBy(() -> after.usage(CgroupTestSupport.id("orphan"))).isInstanceOf(IsolatorException.class)
                .hasMessageContaining("cgroups/mem: container orphan is unknown");

        after.cleanup(CgroupTestSupport.id("live"));
        assertThat(liveCgroup.exists()).isFalse();
        after.close();
    }

    @Test
    void recoverSkipsKnownContainersThatHaveNoCgroup() {
        PidsIsolator isolator = pids();
        isolator.recover(List.of(new ContainerState(CgroupTestSupport.id("never-isolated"), 1, Path.of("/tmp"),
                Resources.parse("cpus:1"))));
        assertThatThrownBy(() -> isolator.usage(CgroupTestSupport.id("never-isolated")))
                .hasMessageContaining("unknown");
        isolator.cleanup(CgroupTestSupport.id("never-isolated"));
    }

    @Test
    void validateNamesTheMissingControllerAndWhereItLooked(@TempDir Path fakeRoot) throws Exception {
        Files.createDirectories(fakeRoot.resolve("cpu,cpuacct"));
        Files.createDirectories(fakeRoot.resolve("pids"));
        Cgroups fake = new Cgroups(Hierarchy.at(fakeRoot), "agora", Duration.ofSeconds(1));

        pids().validate();
        new PidsIsolator(fake, Map.of()).validate();
        MemoryIsolator memory = new MemoryIsolator(fake, Map.of());
        assertThatThrownBy(memory::validate).isInstanceOf(IsolatorException.class)
                .hasMessageContaining("cgroups/mem")
                .hasMessageContaining("'memory'")
                .hasMessageContaining(fakeRoot.toString())
                .hasMessageContaining("mounted controllers: cpu, cpuacct, pids");
    }

    @Test
    void nestedContainersJoinTheirTopLevelContainersCgroups() {
        PidsIsolator isolator = pids();
        LaunchContribution parent = isolator.prepare(machine.config("parent", "cpus:1;mem:64"));
        ContainerID child = ContainerID.newBuilder().setValue("child").setParent(CgroupTestSupport.id("parent"))
                .build();
        ContainerConfig config = machine.config("x", "cpus:0.1");
        LaunchContribution nested = isolator.prepare(new ContainerConfig(child, config.command(), config.resources(),
                config.sandbox(), config.user(), config.containerInfo(), config.environment()));

        assertThat(nested.cgroupPaths()).isEqualTo(parent.cgroupPaths());
        isolator.cleanup(child);
        assertThat(machine.cgroups.cgroup("pids", "parent").exists()).as("the child's cleanup leaves the parent")
                .isTrue();
        isolator.cleanup(CgroupTestSupport.id("parent"));
    }

    @Test
    void containerIdsThatCannotNameADirectoryAreRefused() {
        PidsIsolator isolator = pids();
        assertThatThrownBy(() -> isolator.prepare(machine.config("../escape", "cpus:1")))
                .isInstanceOf(IsolatorException.class).hasMessageContaining("'../escape' cannot name a cgroup");
    }

    @Test
    void preparingTwiceIsRefusedAndCleanupIsIdempotent() {
        PidsIsolator isolator = pids();
        isolator.prepare(machine.config("twice", "cpus:1"));
        assertThatThrownBy(() -> isolator.prepare(machine.config("twice", "cpus:1")))
                .hasMessageContaining("already prepared");
        isolator.cleanup(CgroupTestSupport.id("twice"));
        isolator.cleanup(CgroupTestSupport.id("twice"));
        isolator.cleanup(CgroupTestSupport.id("never-prepared"));
    }

    @Test
    void isolateMovesAProcessStartedOutsideIntoTheContainer() {
        PidsIsolator isolator = pids();
        isolator.prepare(machine.config("late", "cpus:1"));
        Process outside = machine.start(List.of("sleep", "600"));
        isolator.isolate(CgroupTestSupport.id("late"), outside.pid());
        assertThat(machine.cgroups.cgroup("pids", "late").pids()).containsExactly(outside.pid());
        isolator.cleanup(CgroupTestSupport.id("late"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !outside.isAlive());
    }
}
