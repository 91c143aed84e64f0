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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.agora.api.json.ProtoJson;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.master.Protos.Response;
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
 * The containerizer bundle updated ({@code Bundle.update}, as {@code bundle:update} does) in a running Karaf under a
 * task of a checkpointing framework and one of a framework that does not checkpoint: the agent stays registered (it
 * never re-registers), neither task gets a new status (no TASK_LOST), both processes run on, a task launched after the
 * update runs (through the new instance, once it has adopted the running containers), and a kill of each old task is
 * reported (the new instance follows containers the old one launched).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainerizerUpdateIT extends AgoraTestSupport {

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(), mavenBundle("org.agora", "agora-scheduler-client").versionAsInProject());
    }

    @Test
    public void runningTasksOfBothKindsOutliveAContainerizerBundleUpdate() throws Exception {
        eventually(Duration.ofSeconds(60), () -> assertTrue(get("/master/state").body()
                .contains("\"activated_slaves\":1")));
        Response.GetAgents.Agent registered = agent();
        assertFalse("the agent registered once", registered.hasReregisteredTime());

        try (Framework durable = new Framework("127.0.0.1:" + MASTER_PORT, ContentType.PROTOBUF);
                Framework plain = new Framework("127.0.0.1:" + MASTER_PORT, ContentType.PROTOBUF)) {
            durable.client.subscribe(Framework.info("swap-checkpointing").setCheckpoint(true).setFailoverTimeout(60)
                    .build()).get(30, TimeUnit.SECONDS);
            plain.client.subscribe(Framework.info("swap-plain").build()).get(30, TimeUnit.SECONDS);
            launch(durable, "durable");
            launch(plain, "plain");
            eventually(Duration.ofSeconds(30), () -> {
                assertEquals(TaskState.TASK_RUNNING, durable.state("durable"));
                assertEquals(TaskState.TASK_RUNNING, plain.state("plain"));
            });
            // the rest of the agent goes to the other framework, for the task launched after the update
            durable.client.suppress(List.of("*")).get(10, TimeUnit.SECONDS);
            List<org.agora.api.v1.Protos.OfferID> held = new java.util.ArrayList<>();
            for (Offer o; (o = durable.offers.poll()) != null; ) {
                held.add(o.getId());
            }
            if (!held.isEmpty()) {
                durable.client.decline(held, Filters.newBuilder().setRefuseSeconds(0).build())
                        .get(10, TimeUnit.SECONDS);
            }
            long durablePid = pid("durable");
            long plainPid = pid("plain");
            int durableUpdates = durable.statuses.get("durable").size();
            int plainUpdates = plain.statuses.get("plain").size();

            Bundle containerizer = bundle("org.agora.containerizer.native");
            long modified = containerizer.getLastModified();
            // what Karaf's bundle:update does (the probe's shell session may not run bundle commands)
            containerizer.update();
            eventually(Duration.ofSeconds(30), () -> {
                assertTrue(containerizer.getLastModified() > modified);
                assertEquals(Bundle.ACTIVE, containerizer.getState());
            });

            // a launch after the update runs through the new instance, which adopted the running containers first
            launch(plain, "after");
            eventually(Duration.ofSeconds(60), () -> assertEquals(TaskState.TASK_RUNNING, plain.state("after")));

            Response.GetAgents.Agent now = agent();
            assertFalse("the agent never disconnected: it did not re-register", now.hasReregisteredTime());
            assertEquals("the same registration", registered.getRegisteredTime(), now.getRegisteredTime());
            assertEquals("no new status for the checkpointing framework's task", durableUpdates,
                    durable.statuses.get("durable").size());
            assertEquals("no new status (no TASK_LOST) for the other framework's task", plainUpdates,
                    plain.statuses.get("plain").size());
            assertTrue(ProcessHandle.of(durablePid).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(ProcessHandle.of(plainPid).map(ProcessHandle::isAlive).orElse(false));

            // the new instance follows the containers the old one launched: their ends are reported
            plain.client.kill(TaskID.newBuilder().setValue("plain").build(), registered.getAgentInfo().getId());
            durable.client.kill(TaskID.newBuilder().setValue("durable").build(), registered.getAgentInfo().getId());
            eventually(Duration.ofSeconds(30), () -> {
                assertEquals(TaskState.TASK_KILLED, plain.state("plain"));
                assertEquals(TaskState.TASK_KILLED, durable.state("durable"));
            });
            eventually(Duration.ofSeconds(10), () -> {
                assertFalse(ProcessHandle.of(durablePid).map(ProcessHandle::isAlive).orElse(false));
                assertFalse(ProcessHandle.of(plainPid).map(ProcessHandle::isAlive).orElse(false));
            });
            assertEquals("one status more: the kill", plainUpdates + 1, plain.statuses.get("plain").size());
            assertEquals("one status more: the kill", durableUpdates + 1, durable.statuses.get("durable").size());
            plain.client.teardown().get(10, TimeUnit.SECONDS);
            durable.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    private static void launch(Framework f, String id) throws Exception {
        Offer o = f.offer();
        f.client.launch(List.of(o.getId()), List.of(TaskInfo.newBuilder().setName(id)
                .setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(o.getAgentId())
                .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setCommand(CommandInfo.newBuilder().setValue("echo $$ > pid; exec sleep 600")).build()),
                Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
    }

    /** The one agent, as the master's operator API (GET_AGENTS) tells it. */
    private static Response.GetAgents.Agent agent() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + MASTER_PORT + "/api/v1")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_AGENTS\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 200, r.statusCode());
        Response agents = ProtoJson.parse(r.body().getBytes(StandardCharsets.UTF_8), Response.newBuilder()).build();
        assertEquals(r.body(), 1, agents.getGetAgents().getAgentsCount());
        return agents.getGetAgents().getAgents(0);
    }

    /** The pid the task's shell wrote in its sandbox (the shell execs the task's sleep). */
    private static long pid(String task) throws Exception {
        Path[] file = new Path[1];
        eventually(Duration.ofSeconds(30), () -> {
            Optional<Path> found;
            try (Stream<Path> files = Files.walk(Path.of(System.getProperty("karaf.data"), "agent"))) {
                found = files.filter(p -> p.toString().contains("/executors/" + task + "/")
                        && p.getFileName().toString().equals("pid")).findFirst();
            }
            file[0] = found.orElseThrow();
            assertTrue(Files.readString(file[0]).trim().matches("\\d+"));
        });
        return Long.parseLong(Files.readString(file[0]).trim());
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
