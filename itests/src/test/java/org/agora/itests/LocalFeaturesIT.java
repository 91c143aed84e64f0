package org.agora.itests;

import static org.junit.Assert.assertTrue;

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
                    "org.agora.zookeeper.server.internal.EmbeddedZooKeeper")));
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
}
