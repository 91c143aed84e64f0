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
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.scheduler.Protos.Call;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The agent bundle is updated inside a running Karaf while a checkpointing framework's task runs: the task's process
 * keeps running, the new agent takes it over and re-registers under the same agent id, and the task can still be
 * killed through it. The agent takes the same path as after a restart of its JVM.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AgentBundleUpdateIT extends AgoraTestSupport {

    @Inject
    BundleContext bundles;

    @Configuration
    public Option[] config() {
        return karaf();
    }

    @Test
    public void aBundleUpdateOfTheAgentKeepsCheckpointedTasksRunning() throws Exception {
        eventually(Duration.ofSeconds(60), () -> assertTrue(get("/master/state").body()
                .contains("\"activated_slaves\":1")));
        String agentId = agentId(get("/master/state").body());
        FrameworkInfo info = FrameworkInfo.newBuilder().setName("bundle-update").setUser("root").setCheckpoint(true)
                .setFailoverTimeout(60).build();
        try (ProbeScheduler scheduler = new ProbeScheduler("127.0.0.1:" + MASTER_PORT, info)) {
            Offer o = scheduler.offer();
            scheduler.launch(o, TaskInfo.newBuilder().setName("durable").setTaskId(TaskID.newBuilder()
                    .setValue("durable")).setAgentId(o.getAgentId())
                    .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                    .setCommand(CommandInfo.newBuilder().setValue("echo $$ > pid; exec sleep 600")).build());
            eventually(Duration.ofSeconds(30), () -> assertEquals("TASK_RUNNING", scheduler.state("durable")));
            Path pidFile = sandboxFile("durable", "pid");
            eventually(Duration.ofSeconds(10), () -> assertTrue(Files.readString(pidFile).trim().matches("\\d+")));
            long pid = Long.parseLong(Files.readString(pidFile).trim());

            Bundle agent = Arrays.stream(bundles.getBundles())
                    .filter(b -> b.getSymbolicName().equals("org.agora.agent")).findFirst().orElseThrow();
            long started = System.nanoTime();
            agent.update();

            eventually(Duration.ofSeconds(60), () -> {
                String state = get("/master/state").body();
                assertTrue(state, state.contains("\"reregistered_time\"") && state.contains("\"activated_slaves\":1"));
            });
            System.out.printf("agent bundle update: re-registered %d ms after the update began%n",
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            assertEquals("the agent keeps its id", agentId, agentId(get("/master/state").body()));
            assertTrue("the task's process outlives the update",
                    ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertEquals("no update came for the task", "TASK_RUNNING", scheduler.state("durable"));

            // the new agent manages the task: a kill reaches its process
            scheduler.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
                    .setTaskId(TaskID.newBuilder().setValue("durable")).setAgentId(o.getAgentId())));
            eventually(Duration.ofSeconds(30), () -> assertEquals("TASK_KILLED", scheduler.state("durable")));
            eventually(Duration.ofSeconds(10), () -> assertTrue(ProcessHandle.of(pid).isEmpty()
                    || !ProcessHandle.of(pid).get().isAlive()));
        }
    }

    private static String agentId(String state) {
        Matcher m = Pattern.compile("\"slaves\":\\[\\{\"id\":\"([^\"]+)\"").matcher(state);
        assertTrue(state, m.find());
        return m.group(1);
    }

    private static Path sandboxFile(String taskId, String name) throws Exception {
        Path work = Path.of(System.getProperty("karaf.data"), "agent", "slaves");
        Optional<Path> found;
        try (Stream<Path> files = Files.walk(work)) {
            found = files.filter(p -> p.getFileName().toString().equals(name)
                    && p.toString().contains("/executors/" + taskId + "/")).findFirst();
        }
        assertNotNull(found.orElse(null));
        return found.get();
    }
}
