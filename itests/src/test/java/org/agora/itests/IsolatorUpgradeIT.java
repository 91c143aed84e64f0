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
package org.agora.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.scheduler.client.ContentType;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The cgroups isolator bundle updated in a running Karaf while a task runs in its cgroups: the task keeps running
 * (no new status), the new isolators take its container over (its cgroup is removed when it is killed later), and a
 * task launched after the update gets its limits. Needs root and cgroup memory control (CI has both).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IsolatorUpgradeIT extends AgoraTestSupport {
    private static final String ROOT = "agora-paxexam";

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(), mavenBundle("org.agora", "agora-scheduler-client").versionAsInProject());
    }

    @Test
    public void aRunningTaskOutlivesAnIsolatorBundleUpdate() throws Exception {
        Assume.assumeTrue("no cgroup memory control here to observe", Files.isDirectory(Path.of(
                "/sys/fs/cgroup/memory")) || Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")));
        eventually(Duration.ofSeconds(60), () -> assertTrue(get("/master/state").body()
                .contains("\"activated_slaves\":1")));
        assertTrue(shell("agora:isolators"), shell("agora:isolators").matches("(?s).*cgroups/mem +active.*"));
        try (Framework f = new Framework("127.0.0.1:" + MASTER_PORT, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("isolator-upgrade").build()).get(30, TimeUnit.SECONDS);
            Offer first = f.offer();
            f.client.launch(List.of(first.getId()), List.of(task(first, "before")), refuseNone())
                    .get(10, TimeUnit.SECONDS);
            eventually(Duration.ofSeconds(30), () -> assertEquals(TaskState.TASK_RUNNING, f.state("before")));
            String beforeCgroup = memoryCgroup("before");
            int updates = f.statuses.get("before").size();

            Bundle cgroups = bundle("org.agora.isolator.cgroups");
            long modified = cgroups.getLastModified();
            cgroups.update();
            eventually(Duration.ofSeconds(30), () -> {
                assertTrue(cgroups.getLastModified() > modified);
                assertEquals(Bundle.ACTIVE, cgroups.getState());
                assertTrue(shell("agora:isolators").matches("(?s).*cgroups/mem +active.*"));
            });

            Offer second = f.offer();
            f.client.launch(List.of(second.getId()), List.of(task(second, "after")), refuseNone())
                    .get(10, TimeUnit.SECONDS);
            eventually(Duration.ofSeconds(30), () -> assertEquals(TaskState.TASK_RUNNING, f.state("after")));
            String afterCgroup = memoryCgroup("after");
            assertEquals(32L << 20, limitOf(afterCgroup));
            assertEquals(TaskState.TASK_RUNNING, f.state("before"));
            assertEquals("no status update for the running task", updates, f.statuses.get("before").size());
            assertTrue("the cgroup of the running task is still there", Files.isDirectory(Path.of(beforeCgroup)));

            f.client.kill(TaskID.newBuilder().setValue("before").build(), first.getAgentId());
            eventually(Duration.ofSeconds(30), () -> {
                assertEquals(TaskState.TASK_KILLED, f.state("before"));
                assertFalse("the new isolators clean up the old task's cgroup", Files.exists(Path.of(beforeCgroup)));
            });
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    private static TaskInfo task(Offer o, String id) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(o.getAgentId())
                .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setCommand(CommandInfo.newBuilder().setValue("cat /proc/self/cgroup > cgroups.txt; sleep 600"))
                .build();
    }

    private static Filters refuseNone() {
        return Filters.newBuilder().setRefuseSeconds(0).build();
    }

    /** The directory of the task's memory cgroup, from what the task wrote in its sandbox. */
    private static String memoryCgroup(String task) throws Exception {
        Path[] file = new Path[1];
        eventually(Duration.ofSeconds(30), () -> {
            try (var files = Files.walk(Path.of(System.getProperty("karaf.data"), "agent"))) {
                file[0] = files.filter(p -> p.toString().contains("/executors/" + task + "/")
                        && p.getFileName().toString().equals("cgroups.txt")).findFirst().orElseThrow();
            }
            assertFalse(Files.readString(file[0]).isBlank());
        });
        for (String line : Files.readAllLines(file[0])) {
            String[] f = line.split(":", 3);
            if (f[1].contains("memory")) {
                assertTrue(line, f[2].contains("/" + ROOT + "/"));
                return "/sys/fs/cgroup/memory" + f[2];
            }
            if (f[0].equals("0") && Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
                return "/sys/fs/cgroup" + f[2];
            }
        }
        throw new AssertionError("no memory cgroup in " + Files.readAllLines(file[0]));
    }

    private static long limitOf(String cgroup) throws Exception {
        Path v1 = Path.of(cgroup, "memory.limit_in_bytes");
        return Long.parseLong(Files.readString(Files.exists(v1) ? v1 : Path.of(cgroup, "memory.max")).trim());
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }
}
