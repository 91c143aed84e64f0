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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

/**
 * {@code agora:drain} through a real shell session: the agent's running task is killed within the grace period and
 * the agent is shown draining, then drained. In a Karaf of its own, since it takes the only agent out of service.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellDrainIT extends AgoraTestSupport {
    private static final Pattern AGENT_ID = Pattern.compile("(?m)^Agent +(\\S+)$");

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(), mavenBundle("org.agora", "agora-scheduler-client").versionAsInProject());
    }

    @Test
    public void drainingAnAgentKillsItsTasksAndShowsItDrained() throws Exception {
        String[] agentId = new String[1];
        eventually(Duration.ofSeconds(60), () -> {
            Matcher m = AGENT_ID.matcher(shell("agora:agent"));
            assertTrue(m.find());
            assertTrue(shell("agora:agents").contains(m.group(1)));
            agentId[0] = m.group(1);
        });
        try (Framework f = new Framework("127.0.0.1:" + MASTER_PORT, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("shell-drain").build()).get(30, TimeUnit.SECONDS);
            Offer offer = f.offer();
            f.client.launch(List.of(offer.getId()), List.of(TaskInfo.newBuilder().setName("sleeper")
                    .setTaskId(TaskID.newBuilder().setValue("drained-task")).setAgentId(offer.getAgentId())
                    .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                    .setCommand(CommandInfo.newBuilder().setValue("exec sleep 600")).build()),
                    Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
            eventually(Duration.ofSeconds(30), () -> assertEquals(TaskState.TASK_RUNNING, f.state("drained-task")));

            String drain = shell("agora:drain --max-grace-period 1 " + agentId[0]);
            assertEquals("Agent " + agentId[0] + " is draining (tasks get at most 1 s). agora:agents shows its "
                    + "state.\n", drain);
            eventually(Duration.ofSeconds(30), () -> {
                assertEquals(TaskState.TASK_KILLED, f.state("drained-task"));
                String agents = shell("agora:agents");
                assertTrue(agents, agents.matches("(?s).*" + Pattern.quote(agentId[0]) + " .*\\| active, drained.*"));
                assertTrue(shell("agora:tasks --state killed").contains("drained-task"));
            });
        }
    }
}
