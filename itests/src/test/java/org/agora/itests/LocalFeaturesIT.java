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

import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

/** The local distribution's features in a real Karaf: components active, the agent registered, the shell working. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LocalFeaturesIT extends AgoraTestSupport {

    @Inject
    ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return karaf();
    }

    @Test
    public void masterAgentAndZooKeeperComponentsAreActive() throws Exception {
        eventually(Duration.ofSeconds(60), () -> {
            Collection<String> active = activeComponents();
            assertTrue("active components: " + active, active.containsAll(List.of(
                    "org.agora.master.internal.MasterComponent", "org.agora.agent.internal.AgentComponent",
                    "org.agora.zookeeper.server.internal.EmbeddedZooKeeper",
                    "org.agora.services.internal.ServicesComponent")));
        });
    }

    @Test
    public void servicesSchedulerSubscribesAndServesMarathonsApi() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        eventually(Duration.ofSeconds(60), () -> {
            HttpResponse<String> info = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + SERVICES_PORT + "/v2/info")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(info.body(), info.statusCode() == 200 && info.body().contains("\"elected\":true")
                    && !info.body().contains("\"frameworkId\":null"));
            String apps = shell("agora:apps");
            assertTrue(apps, apps.contains("Instances") && apps.contains("Healthy"));
            assertTrue(shell("agora:deployments").contains("Action"));
        });
    }

    @Test
    public void agentRegistersWithTheLeadingMaster() throws Exception {
        eventually(Duration.ofSeconds(60), () -> {
            String state = get("/master/state").body();
            assertTrue(state, state.contains("\"activated_slaves\":1") && state.contains("\"port\":" + AGENT_PORT)
                    && state.contains("\"leader\":\"master@"));
        });
    }

    @Test
    public void shellListsTheRegisteredAgentAndTheLeader() throws Exception {
        eventually(Duration.ofSeconds(60), () -> {
            String agents = shell("agora:agents");
            assertTrue(agents, agents.contains(":" + AGENT_PORT) && agents.contains("active") && agents.contains("-S"));
            String master = shell("agora:master");
            assertTrue(master, master.contains("Role     leader") && master.contains("Mesos API 1.11.0"));
        });
    }

    private Collection<String> activeComponents() {
        return scr.getComponentDescriptionDTOs().stream()
                .flatMap(d -> scr.getComponentConfigurationDTOs(d).stream())
                .filter(c -> c.state == ComponentConfigurationDTO.ACTIVE)
                .map(c -> c.description.name)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * SET_LOGGING_LEVEL on master and agent changes Pax Logging's root level for real (the loggers of this Karaf turn
     * DEBUG, then TRACE) and the level comes back when the duration ends.
     */
    @Test
    public void setLoggingLevelTurnsTheRootLoggerUpForItsDurationOnMasterAndAgent() throws Exception {
        org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (int port : new int[] {MASTER_PORT, AGENT_PORT}) {
            eventually(Duration.ofSeconds(60), () -> assertTrue(operator(port, "{\"type\":\"GET_LOGGING_LEVEL\"}")
                    .body().contains("\"level\":0")));
            assertTrue("root logger at INFO before", !root.isDebugEnabled());
            int level = port == MASTER_PORT ? 1 : 2;
            java.net.http.HttpResponse<String> set = operator(port, "{\"type\":\"SET_LOGGING_LEVEL\","
                    + "\"set_logging_level\":{\"level\":" + level + ",\"duration\":{\"nanoseconds\":5000000000}}}");
            assertTrue(set.statusCode() + " " + set.body(), set.statusCode() == 200);
            assertTrue(operator(port, "{\"type\":\"GET_LOGGING_LEVEL\"}").body().contains("\"level\":" + level));
            eventually(Duration.ofSeconds(30), () -> assertTrue("root logger turned up",
                    level == 1 ? root.isDebugEnabled() && !root.isTraceEnabled() : root.isTraceEnabled()));
            eventually(Duration.ofSeconds(60), () -> assertTrue("root logger back at INFO", !root.isDebugEnabled()
                    && operator(port, "{\"type\":\"GET_LOGGING_LEVEL\"}").body().contains("\"level\":0")));
        }
    }

    private static java.net.http.HttpResponse<String> operator(int port, String body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/api/v1")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }
}
