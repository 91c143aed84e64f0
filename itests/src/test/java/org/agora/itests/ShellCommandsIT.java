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
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The agora:* commands through a real Karaf shell session of the local distribution (master, agent and ZooKeeper in
 * one Karaf): tasks listed and filtered, a task's stdout read from its sandbox, quota and weights set and shown,
 * agent and task ids completed, bad ids and values answered with one line.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsIT extends AgoraTestSupport {
    private static final Pattern AGENT_ID = Pattern.compile("(?m)^Agent +(\\S+)$");

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(), mavenBundle("org.agora", "agora-scheduler-client").versionAsInProject());
    }

    @Test
    public void aRunningTaskIsListedFilteredAndItsSandboxRead() throws Exception {
        String agentId = registeredAgent();
        try (Framework f = new Framework("127.0.0.1:" + MASTER_PORT, ContentType.PROTOBUF)) {
            String frameworkId = f.client.subscribe(Framework.info("shell-test").build()).get(30, TimeUnit.SECONDS)
                    .getFrameworkId().getValue();
            Offer offer = f.offer();
            f.client.launch(List.of(offer.getId()), List.of(TaskInfo.newBuilder().setName("shell-echo")
                    .setTaskId(TaskID.newBuilder().setValue("shell-task-1")).setAgentId(offer.getAgentId())
                    .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                    .setCommand(CommandInfo.newBuilder().setValue("echo hello-from-shell-task; echo second line; "
                            + "while [ ! -e go ]; do sleep 0.1; done; echo after-go; exec sleep 600")).build()),
                    Filters.newBuilder().setRefuseSeconds(0).build())
                    .get(10, TimeUnit.SECONDS);
            eventually(Duration.ofSeconds(30), () -> assertEquals(TaskState.TASK_RUNNING, f.state("shell-task-1")));

            String running = shell("agora:tasks --state TASK_RUNNING");
            assertTrue(running, running.matches("(?s).*shell-task-1 +\\| shell-echo +\\| " + frameworkId
                    + " +\\| " + agentId + " +\\| \\* +\\| TASK_RUNNING.*"));
            assertTrue(shell("agora:tasks --state running --agent " + agentId + " --framework " + frameworkId
                    + " --role '*' echo").contains("shell-task-1"));
            assertFalse(shell("agora:tasks --state finished,killed").contains("shell-task-1"));
            assertFalse(shell("agora:tasks no-such-text").contains("shell-task-1"));
            assertFalse(shell("agora:tasks --role other-role").contains("shell-task-1"));

            String state = failure("agora:tasks --state sleeping");
            assertTrue(state, state.startsWith("Unknown task state 'sleeping'; allowed: TASK_STAGING, "
                    + "TASK_STARTING, TASK_RUNNING"));
            assertTrue(failure("agora:tasks --agent no-such-agent").contains("Unknown agent 'no-such-agent'"));
            assertTrue(failure("agora:sandbox cat no-such-task").contains("Unknown task 'no-such-task'"));

            eventually(Duration.ofSeconds(30), () -> {
                String stdout = shell("agora:sandbox cat shell-task-1");
                assertEquals("hello-from-shell-task\nsecond line\n", stdout);
            });
            assertEquals("second line\n", shell("agora:sandbox -n 1 tail shell-task-1 stdout"));
            String ls = shell("agora:sandbox ls shell-task-1");
            assertTrue(ls, ls.contains("stdout") && ls.contains("stderr") && ls.contains("Mode"));
            assertTrue(failure("agora:sandbox cat shell-task-1 ../../other").contains("leaves the task's sandbox"));

            followPrintsWhatIsAppendedUntilInterrupted();

            String containers = shell("agora:containers");
            assertTrue(containers, containers.matches("(?s).*shell-task-1 +\\| " + frameworkId + " +\\| +\\d+ \\|"
                    + ".*"));

            assertTrue(complete("agora:sandbox", "cat", "shell-task").contains("shell-task-1"));
            assertTrue(complete("agora:tasks", "--agent", agentId.substring(0, 8)).contains(agentId));

            f.client.kill(TaskID.newBuilder().setValue("shell-task-1").build(), offer.getAgentId());
            eventually(Duration.ofSeconds(30), () -> assertEquals(TaskState.TASK_KILLED, f.state("shell-task-1")));
            eventually(Duration.ofSeconds(10), () -> assertTrue(shell("agora:tasks --state killed")
                    .contains("shell-task-1")));
            assertFalse(shell("agora:tasks --state running").contains("shell-task-1"));
            f.client.teardown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    public void agentIdsCompleteAndAnUnknownOneIsNamed() throws Exception {
        String agentId = registeredAgent();
        String agent = shell("agora:agent");
        assertTrue(agent, agent.contains("Link       registered") && agent.contains("Address    ")
                && agent.contains(":" + AGENT_PORT) && agent.matches("(?s).*Master +\\S+ at .*"));

        List<String> candidates = complete("agora:drain", agentId.substring(0, agentId.length() - 2));
        assertTrue(candidates.toString(), candidates.contains(agentId));
        assertTrue(complete("agora:drain", "no-such-prefix").isEmpty());

        String unknown = failure("agora:drain no-such-agent");
        assertEquals("Agent no-such-agent is unknown to this master", unknown);
        assertTrue(failure("agora:drain --max-grace-period soon " + agentId)
                .contains("--max-grace-period 'soon' is not a number of seconds"));
        assertTrue(shell("agora:agents").contains(agentId + " "));
        assertFalse("a refused drain changed nothing", shell("agora:agents").contains("draining"));
    }

    @Test
    public void quotaAndWeightsAreSetShownAndRemoved() throws Exception {
        registeredAgent();
        String set = shell("agora:quota --guarantee 'cpus:0.5;mem:64' --limit 'cpus:1;mem:128' set shell-role");
        assertTrue(set, set.matches("(?s).*shell-role +\\| cpus:0.5;mem:64 +\\| cpus:1;mem:128.*"));
        assertTrue(shell("agora:quota").contains("shell-role"));
        String quota = operator("{\"type\":\"GET_QUOTA\"}");
        assertTrue(quota, quota.contains("\"role\":\"shell-role\""));
        assertTrue(shell("agora:roles").matches("(?s).*shell-role +\\| 1 +\\| cpus:0.5;mem:64 +\\| cpus:1;mem:128 .*"));

        String removed = shell("agora:quota remove shell-role");
        assertFalse(removed, removed.contains("shell-role"));
        assertFalse(operator("{\"type\":\"GET_QUOTA\"}").contains("shell-role"));

        String weights = shell("agora:weights set shell-role 2.5");
        assertTrue(weights, weights.matches("(?s).*shell-role +\\| 2\\.5 +\\| yes.*"));
        String fromApi = operator("{\"type\":\"GET_WEIGHTS\"}");
        assertTrue(fromApi, fromApi.contains("\"role\":\"shell-role\"") && fromApi.contains("2.5"));

        assertEquals("Weight 'heavy' is not a positive number", failure("agora:weights set shell-role heavy"));
        assertTrue(failure("agora:quota --guarantee cpus=1 set shell-role").contains("--guarantee: 'cpus=1' is not "
                + "name:amount"));
        assertEquals("Unknown action 'drop'; allowed: show, set, remove", failure("agora:quota drop shell-role"));
        assertTrue(failure("agora:quota --limit cpus:1 remove shell-role").startsWith("--guarantee, --limit and "
                + "--force go with set"));
    }

    /**
     * {@code agora:sandbox -f tail} of the running task prints its stdout, then what the task appends once the test
     * lets it go on (a file {@code go} in its sandbox), and stops when its session closes.
     */
    private void followPrintsWhatIsAppendedUntilInterrupted() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        Exception[] failure = new Exception[1];
        Thread follower = new Thread(() -> {
            try {
                session.execute("agora:sandbox -f -n 5 tail shell-task-1");
            } catch (Exception e) {
                failure[0] = e;
            }
        }, "shell-follow");
        follower.start();
        try {
            eventually(Duration.ofSeconds(20), () -> assertTrue(bytes.toString(StandardCharsets.UTF_8)
                    .contains("second line")));
            Path stdout;
            try (var files = Files.walk(Path.of(System.getProperty("karaf.data"), "agent"))) {
                stdout = files.filter(p -> p.toString().contains("/executors/shell-task-1/")
                        && p.getFileName().toString().equals("stdout")).findFirst().orElseThrow();
            }
            Files.writeString(stdout.resolveSibling("go"), "");
            eventually(Duration.ofSeconds(20), () -> assertEquals("hello-from-shell-task\nsecond line\nafter-go\n",
                    bytes.toString(StandardCharsets.UTF_8)));
            assertTrue("still following", follower.isAlive());
        } finally {
            // closing the session (an SSH connection that drops) interrupts its command threads, as Ctrl-C
            // interrupts the foreground job's
            session.close();
            eventually(Duration.ofSeconds(20), () -> {
                assertFalse("the session still waits", follower.isAlive());
                assertFalse("a thread still follows", following());
            });
        }
        assertTrue(String.valueOf(failure[0]), failure[0] == null || failure[0] instanceof InterruptedException
                || failure[0] instanceof java.util.concurrent.CancellationException);
    }

    /** Whether some thread still runs agora:sandbox's follow loop. */
    private static boolean following() {
        return Thread.getAllStackTraces().values().stream().flatMap(java.util.Arrays::stream).anyMatch(frame ->
                frame.getClassName().endsWith(".SandboxCommand") && frame.getMethodName().equals("follow"));
    }

    /** The agent's id, once it has registered with the leading master. */
    private String registeredAgent() throws Exception {
        String[] id = new String[1];
        eventually(Duration.ofSeconds(60), () -> {
            Matcher m = AGENT_ID.matcher(shell("agora:agent"));
            assertTrue(m.find());
            assertTrue(shell("agora:agents").contains(m.group(1)));
            id[0] = m.group(1);
        });
        return id[0];
    }

    /** The message of the error a command ends with: one line, no stack trace. */
    private String failure(String command) throws Exception {
        String out;
        try {
            out = shell(command);
        } catch (Exception e) {
            String message = e.getMessage();
            assertNotNull(command, message);
            assertFalse(command + ": " + message, message.contains("\n") || message.contains("Exception"));
            return message;
        }
        throw new AssertionError(command + " did not fail; it printed " + out);
    }

    /** What Tab offers after {@code command args...}, the last argument typed so far, as the console asks. */
    private List<String> complete(String command, String... args) throws Exception {
        String[] words = new String[args.length + 1];
        words[0] = command;
        System.arraycopy(args, 0, words, 1, args.length);
        String buffer = String.join(" ", words);
        String typed = words[words.length - 1];
        CommandLine line = new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return words.length - 1;
            }

            @Override
            public String getCursorArgument() {
                return typed;
            }

            @Override
            public int getArgumentPosition() {
                return typed.length();
            }

            @Override
            public String[] getArguments() {
                return words;
            }

            @Override
            public int getBufferPosition() {
                return buffer.length();
            }

            @Override
            public String getBuffer() {
                return buffer;
            }
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        try {
            String[] name = command.split(":");
            Completer completer = session.getRegistry().getCommand(name[0], name[1]).getCompleter(true);
            List<String> candidates = new ArrayList<>();
            completer.complete(session, line, candidates);
            return candidates.stream().map(String::strip).toList();
        } finally {
            session.close();
        }
    }

    /** An operator API call on the master, answered as JSON. */
    private static String operator(String call) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + MASTER_PORT + "/api/v1")).header("Content-Type", "application/json").header("Accept",
                "application/json").timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(call))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 200, r.statusCode());
        return r.body();
    }
}
