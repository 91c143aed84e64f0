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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.scheduler.client.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the web UI stands on, over real HTTP against a master and an agent in this JVM: the master serves the UI's
 * files and nothing else under its paths, and its sandbox proxy reaches a known agent's /files/* and nothing more.
 */
class WebUiEndpointsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static InProcessCluster.SingleAgent cluster;
    private static String agentId;
    private static String sandbox;

    @BeforeAll
    static void start() throws Exception {
        cluster = InProcessCluster.SingleAgent.start(Files.createDirectory(dir.resolve("work")), "cpus:1;mem:256");
        try (Framework f = new Framework(cluster.address(), ContentType.JSON)) {
            f.client.subscribe(Framework.info("proxy-test").build()).get(10, TimeUnit.SECONDS);
            Offer o = f.offer();
            agentId = o.getAgentId().getValue();
            f.client.launch(List.of(o.getId()), List.of(TaskInfo.newBuilder().setName("hello")
                    .setTaskId(TaskID.newBuilder().setValue("hello")).setAgentId(o.getAgentId())
                    .addAllResources(Resources.parse("cpus:0.1;mem:32").toList())
                    .setCommand(CommandInfo.newBuilder().setValue("echo hello-through-the-proxy")).build()),
                    Filters.getDefaultInstance()).get(10, TimeUnit.SECONDS);
            await().atMost(Framework.patience()).until(() -> f.state("hello") == TaskState.TASK_FINISHED);
            String frameworkId = f.client.frameworkId().orElseThrow().getValue();
            sandbox = agentId + "/frameworks/" + frameworkId + "/executors/hello/runs";
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + cluster.address() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRootIsThePageAndTheAssetsHaveTheirTypes() throws Exception {
        HttpResponse<String> page = send("GET", "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'"));
        assertThat(page.body()).contains("/ui/app.js");
        HttpResponse<String> js = send("GET", "/ui/stream.js");
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.headers().firstValue("ETag")).isPresent();
        assertThat(js.body()).contains("RecordIoReader");
    }

    @Test
    void unknownAssetsAndPathsOutOfTheUiAre404() throws Exception {
        for (String path : new String[] {"/ui/nope.js", "/ui/%2e%2e/pom.xml", "/ui/..%2F..%2Fetc%2Fpasswd",
            "/ui/org/agora/webui/WebUiFiles.class"}) {
            HttpResponse<String> r = send("GET", path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).startsWith("No such file in the web UI: ");
        }
        assertThat(send("POST", "/").statusCode()).isEqualTo(405);
    }

    @Test
    void theProxyReadsAKnownAgentsSandbox() throws Exception {
        HttpResponse<String> runs = send("GET", "/agents/" + agentId + "/files/browse?path=" + sandbox);
        assertThat(runs.statusCode()).as(runs.body()).isEqualTo(200);
        String run = runs.body().replaceAll("(?s).*\"path\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> read = send("GET", "/agents/" + agentId + "/files/read?offset=0&path=" + run + "/stdout");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("hello-through-the-proxy");
        HttpResponse<String> download = send("GET", "/agents/" + agentId + "/files/download?path=" + run + "/stdout");
        assertThat(download.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"stdout\"");
        assertThat(download.body()).isEqualTo("hello-through-the-proxy\n");
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void theProxyReachesNothingButAKnownAgentsFiles() throws Exception {
        HttpResponse<String> unknown = send("GET", "/agents/no-such-agent/files/browse?path=/");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("Agent no-such-agent is unknown to this master");
        for (String path : new String[] {"/agents/" + agentId + "/state", "/agents/" + agentId + "/files/flags",
            "/agents/" + agentId + "/files/browse/more", "/agents//files/browse"}) {
            HttpResponse<String> r = send("GET", path + "?path=/");
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).startsWith("No such endpoint: ");
        }
        // the agent's own confinement answers, passed on as it is
        HttpResponse<String> outside = send("GET", "/agents/" + agentId + "/files/read?offset=0&path=/etc/passwd");
        assertThat(outside.statusCode()).isEqualTo(403);
        assertThat(outside.body()).doesNotContain("root:");
    }
}
