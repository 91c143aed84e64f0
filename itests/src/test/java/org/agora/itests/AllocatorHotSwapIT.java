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
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * Allocators replaced inside a running Karaf while a framework is subscribed and its task runs: switched by name
 * from the shell, replaced by stopping the active bundle, and the DRF bundle updated in place. Each time the
 * framework stays connected, the task keeps running (no new status), and offers resume within a few allocation
 * intervals.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AllocatorHotSwapIT extends AgoraTestSupport {
    private static final Duration RESUME = Duration.ofSeconds(10);

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(),
                mavenBundle("org.agora", "agora-scheduler-client").versionAsInProject());
    }

    @Test
    public void allocatorsAreSwappedWhileAFrameworkRunsATask() throws Exception {
        eventually(Duration.ofSeconds(60), () -> assertTrue(get("/master/state").body()
                .contains("\"activated_slaves\":1")));
        try (Framework f = new Framework("127.0.0.1:" + MASTER_PORT, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("hot-swap").build()).get(30, TimeUnit.SECONDS);
            Offer offer = f.offer();
            TaskInfo task = TaskInfo.newBuilder().setName("steady").setTaskId(TaskID.newBuilder().setValue("steady"))
                    .setAgentId(offer.getAgentId()).addAllResources(Resources.parse("cpus:0.1;mem:16").toList())
                    .setCommand(CommandInfo.newBuilder().setValue("sleep 600")).build();
            f.client.launch(List.of(offer.getId()), List.of(task), Filters.newBuilder().setRefuseSeconds(0).build())
                    .get(10, TimeUnit.SECONDS);
            eventually(Duration.ofSeconds(30), () -> assertEquals(TaskState.TASK_RUNNING, f.state("steady")));
            int updates = f.statuses.get("steady").size();
            assertTrue(shell("agora:allocator"), shell("agora:allocator").contains("Active     drf"));

            // 1. the operator switches by name
            Set<String> before = offered(f);
            String switched = shell("agora:allocator firstfit");
            assertTrue(switched, switched.contains("Active     firstfit (chosen)"));
            offersResume(f, before);

            // 2. the chosen allocator's bundle goes away: the next best takes over
            Bundle firstfit = bundle("org.agora.allocator.firstfit");
            before = offered(f);
            firstfit.stop();
            eventually(RESUME, () -> assertTrue(shell("agora:allocator").contains("Active     drf")));
            offersResume(f, before);
            firstfit.start();
            shell("agora:allocator --reset");

            // 3. the DRF bundle is updated in place (same jar, a new bundle revision and a new component)
            Bundle drf = bundle("org.agora.allocator.drf");
            long modified = drf.getLastModified();
            before = offered(f);
            drf.update();
            eventually(RESUME, () -> {
                assertTrue(drf.getLastModified() > modified);
                assertEquals(Bundle.ACTIVE, drf.getState());
                assertTrue(shell("agora:allocator").contains("Active     drf"));
            });
            offersResume(f, before);

            assertTrue("disconnected: " + f.disconnects, f.disconnects.isEmpty());
            assertEquals(TaskState.TASK_RUNNING, f.state("steady"));
            assertEquals("no status update for the running task", updates, f.statuses.get("steady").size());
            String state = get("/master/state").body();
            assertTrue(state, state.contains("\"TASK_RUNNING\"") && state.contains("\"name\":\"steady\""));
        }
    }

    private static Set<String> offered(Framework f) {
        Set<String> ids = new HashSet<>();
        f.offers.forEach(o -> ids.add(o.getId().getValue()));
        return ids;
    }

    /**
     * Waits for an offer made after the swap (one not held before it), as a framework sees allocation resume;
     * every offer taken from the queue is declined so its resources can be offered again.
     */
    private static void offersResume(Framework f, Set<String> before) throws Exception {
        long deadline = System.nanoTime() + RESUME.toNanos();
        while (System.nanoTime() < deadline) {
            Offer o = f.offers.poll(100, TimeUnit.MILLISECONDS);
            if (o == null) {
                continue;
            }
            f.client.decline(List.of(o.getId()), Filters.newBuilder().setRefuseSeconds(0).build())
                    .get(10, TimeUnit.SECONDS);
            if (!before.contains(o.getId().getValue())) {
                return;
            }
        }
        throw new AssertionError("no new offer within " + RESUME + " of the swap");
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
