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
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.agora.api.hook.AgentHook;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Label;
import org.agora.api.v1.Protos.Labels;
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
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * Agent hooks installed and removed at runtime in the local distribution, as an operator would: after
 * {@code feature:install agora-hook-attributes} a new task that asks for them sees the agent's attributes, hostname
 * and id; a hook of higher ranking (one this probe registers) wins a variable both set, one of lower ranking does
 * not; after {@code feature:uninstall} new tasks see none of it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HooksFeatureIT extends AgoraTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ECHO = "echo rack=$AGORA_ATTRIBUTE_RACK host=$AGORA_ATTRIBUTE_HOSTNAME "
            + "id=$AGORA_ATTRIBUTE_AGENT_ID end";

    @Inject
    BundleContext context;

    @Inject
    ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        // Karaf's own Maven settings: feature:install finds the hook's bundle in the distribution's system
        // repository (installedFeatures), as an agent without access to a Maven repository does
        return OptionUtils.combine(karaf(), mavenBundle("org.agora", "agora-scheduler-client").versionAsInProject(),
                editConfigurationFilePut("etc/org.agora.agent.cfg", "attributes", "rack:r7;gen:3"),
                // the probe's shell sessions have no user: lift the admin-only command ACLs of feature:
                replaceConfigurationFile("etc/org.apache.karaf.command.acl.feature.cfg", noAcls()));
    }

    private static File noAcls() {
        try {
            File empty = File.createTempFile("no-acls", ".cfg");
            empty.deleteOnExit();
            return empty;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    public void aHookFeatureInstalledAtRuntimeDecoratesNewTasksInRankingOrderUntilUninstalled() throws Exception {
        eventually(Duration.ofSeconds(60), () -> assertTrue(get("/master/state").body()
                .contains("\"activated_slaves\":1")));
        try (Framework f = new Framework("127.0.0.1:" + MASTER_PORT, ContentType.PROTOBUF)) {
            f.client.subscribe(Framework.info("hooks-it").build()).get(30, TimeUnit.SECONDS);

            assertEquals("no hook yet", "rack= host= id= end", run(f, "before"));

            eventually(Duration.ofSeconds(60), () -> {
                String installed = shell("feature:install agora-hook-attributes\nfeature:list -i");
                assertTrue(installed, installed.contains("agora-hook-attributes"));
            });
            eventually(WAIT, () -> assertEquals(1, agentHooksBound()));
            String agentId = f.statuses.get("before").get(0).getAgentId().getValue();
            String during = run(f, "during");
            assertTrue(during, during.matches("rack=r7 host=\\S+ id=" + agentId + " end"));

            // a hook ranked above the attributes hook (ranking 0) wins the variable both set; one below does not
            ServiceRegistration<AgentHook> high = context.registerService(AgentHook.class, rack("from-probe"),
                    ranking(10));
            eventually(WAIT, () -> assertEquals(2, agentHooksBound()));
            assertTrue(run(f, "high").startsWith("rack=from-probe host="));
            high.unregister();
            ServiceRegistration<AgentHook> low = context.registerService(AgentHook.class, rack("from-probe"),
                    ranking(-10));
            eventually(WAIT, () -> assertEquals(2, agentHooksBound()));
            assertTrue(run(f, "low").startsWith("rack=r7 host="));
            low.unregister();

            shell("feature:uninstall agora-hook-attributes");
            eventually(WAIT, () -> assertEquals(0, agentHooksBound()));
            assertEquals("hook removed", "rack= host= id= end", run(f, "after"));
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    /** A hook that sets AGORA_ATTRIBUTE_RACK for every task. */
    private static AgentHook rack(String value) {
        return new AgentHook() {
            @Override
            public Map<String, String> decorateEnvironment(AgentInfo agent, FrameworkInfo framework, TaskInfo task,
                    Map<String, String> environment) {
                return Map.of("AGORA_ATTRIBUTE_RACK", value);
            }
        };
    }

    private static Dictionary<String, Object> ranking(int ranking) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        return properties;
    }

    /** How many AgentHook services the agent component has bound, as SCR reports it. */
    private int agentHooksBound() {
        return scr.getComponentDescriptionDTOs().stream()
                .filter(d -> d.name.equals("org.agora.agent.internal.AgentComponent"))
                .flatMap(d -> scr.getComponentConfigurationDTOs(d).stream())
                .flatMap(c -> Arrays.stream(c.satisfiedReferences))
                .filter(b -> b.name.equals("hook")).mapToInt(b -> b.boundServices.length).sum();
    }

    /** Launches a task labelled for the attributes hook that echoes the variables; its stdout's first line. */
    private static String run(Framework f, String id) throws Exception {
        Offer o = f.offer();
        f.client.launch(List.of(o.getId()), List.of(TaskInfo.newBuilder().setName(id)
                .setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(o.getAgentId())
                .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("agora.hooks.attributes")
                        .setValue("true")))
                .setCommand(CommandInfo.newBuilder().setValue(ECHO)).build()),
                Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
        eventually(Duration.ofSeconds(60), () -> assertEquals(TaskState.TASK_FINISHED, f.state(id)));
        Path[] stdout = new Path[1];
        eventually(WAIT, () -> {
            Optional<Path> found;
            try (Stream<Path> files = Files.walk(Path.of(System.getProperty("karaf.data"), "agent"))) {
                found = files.filter(p -> p.toString().contains("/executors/" + id + "/")
                        && p.getFileName().toString().equals("stdout")).findFirst();
            }
            stdout[0] = found.orElseThrow();
            assertFalse(Files.readString(stdout[0]).isBlank());
        });
        return Files.readString(stdout[0]).lines().filter(l -> l.startsWith("rack=")).findFirst().orElseThrow();
    }
}
