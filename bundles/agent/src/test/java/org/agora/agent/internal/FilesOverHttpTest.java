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
package org.agora.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.RunTask;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task makes a FIFO in its sandbox and nobody ever writes to it; reading it through the agent's /files used to pin
 * one agent thread per request for good (200 reads: 200 more threads).
 */
class FilesOverHttpTest {
    static final FrameworkInfo FW = FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue("f-1"))
            .setName("fw").setUser(System.getProperty("user.name")).build();

    @TempDir
    Path workDir;

    FakeMaster master;
    AgentComponent agent;

    @AfterEach
    void stop() {
        agent.stop();
        master.close();
    }

    /** Whether a thread of this JVM is inside an open(2) of a file, as one stuck on a FIFO would be. */
    static boolean aThreadIsStuckInAnOpen() {
        List<String> opening = List.of("sun.nio.fs.UnixNativeDispatcher", "java.io.RandomAccessFile",
                "java.io.FileInputStream");
        return Thread.getAllStackTraces().values().stream().anyMatch(stack -> Arrays.stream(stack).anyMatch(
                f -> opening.contains(f.getClassName()) && f.getMethodName().startsWith("open")));
    }

    @Test
    void twoHundredReadsOfAFifoAreRefusedAndLeaveNoThreadBehind() throws Exception {
        master = new FakeMaster();
        agent = new AgentComponent(AgentSettings.of(Map.of("port", 0, "switch.user", false,
                "master", master.address(), "ip", "127.0.0.1",
                "hostname", "localhost", "work.dir", workDir.toString(), "resources", "cpus:1;mem:512;disk:100",
                "registration.backoff.ms", 50, "registration.backoff.max.ms", 500, "task.kill.grace.period.ms",
                1000)));
        await().atMost(Duration.ofSeconds(20)).until(master::registered);
        master.toAgent(Envelope.newBuilder().setRunTask(RunTask.newBuilder().setFramework(FW).setTask(TaskInfo
                .newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t")).setAgentId(FakeMaster.ID)
                .setCommand(CommandInfo.newBuilder().setValue("mkfifo pipe && exec sleep 60")))).build());
        Agent.AgentSnapshot s = await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(
                () -> agent.call(Agent::snapshot).get(5, TimeUnit.SECONDS), x -> Files.exists(x.tasks().frameworks()
                        .get(0).executors().get(0).directory().resolve("pipe")));
        Path pipe = s.tasks().frameworks().get(0).executors().get(0).directory().resolve("pipe");
        String base = "http://127.0.0.1:" + s.info().getPort() + "/files/";
        String path = URLEncoder.encode(pipe.toString(), StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newHttpClient();

        for (int i = 0; i < 200; i++) {
            String endpoint = i % 2 == 0 ? "read?offset=0&path=" : "download?path=";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + endpoint + path))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("request %d", i).isEqualTo(400);
            assertThat(r.body()).contains("not a regular file");
        }

        assertThat(aThreadIsStuckInAnOpen()).isFalse();
        HttpResponse<String> listing = http.send(HttpRequest.newBuilder(URI.create(base + "browse?path="
                + URLEncoder.encode(pipe.getParent().toString(), StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(listing.body()).contains("\"mode\":\"prw");
    }
}
