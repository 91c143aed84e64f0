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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.scheduler.client.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in a real browser (Debian's headless Chromium through chromedriver) against a real master and agent in
 * this JVM on loopback, with a real task: the page lists the agent and the running task, follows the task to
 * TASK_FINISHED from the event stream without reloading, shows the task's stdout in its sandbox view, and puts up an
 * error banner when the master goes away. Screenshots of each view go to {@code target/screenshots/}.
 */
class WebUiBrowserIT {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private InProcessCluster.SingleAgent cluster;
    private Chromium browser;
    private Framework framework;

    @BeforeEach
    void start() throws Exception {
        Files.deleteIfExists(SCREENSHOTS.resolve("failed.png"));
        assumeTrue(Chromium.installed(), "needs Debian's chromium and chromium-driver (apt-get install chromium "
                + "chromium-driver; .ci/run does)");
        cluster = InProcessCluster.SingleAgent.start(Files.createDirectory(dir.resolve("work")),
                "cpus:2;mem:1024;disk:1000;ports:[31000-31100]");
        browser = new Chromium(dir.resolve("profile"), Path.of("target", "chromium-logs"));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (framework != null) {
            framework.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** An operator call that must succeed. */
    private void operator(String json) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + cluster.address() + "/api/v1"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(json + ": " + r.body()).isEqualTo(200);
    }

    @Test
    void showsTheAgentAndARunningTaskItsStdoutAndFollowsTheTaskToItsEnd() throws Exception {
        try {
            agentTaskSandboxAndTheEndOfTheTask();
        } catch (Exception | AssertionError e) {
            browser.screenshot(SCREENSHOTS.resolve("failed.png"));
            throw e;
        }
    }

    private void agentTaskSandboxAndTheEndOfTheTask() throws Exception {
        String marker = "agora-ui-" + UUID.randomUUID();
        Path more = dir.resolve("more");
        Path end = dir.resolve("end");
        framework = new Framework(cluster.address(), ContentType.JSON);
        framework.client.subscribe(Framework.info("webui-test").build()).get(10, TimeUnit.SECONDS);
        Offer offer = framework.offer();
        // the task prints the marker, a second line when the test creates "more", and ends when it creates "end"
        String command = "echo " + marker + "; while [ ! -e " + more + " ]; do sleep 0.1; done; echo second-line; "
                + "while [ ! -e " + end + " ]; do sleep 0.1; done";
        framework.client.launch(List.of(offer.getId()), List.of(TaskInfo.newBuilder().setName("ui task")
                .setTaskId(TaskID.newBuilder().setValue("ui-task")).setAgentId(offer.getAgentId())
                .addAllResources(Resources.parse("cpus:0.5;mem:64").toList())
                .setCommand(CommandInfo.newBuilder().setValue(command)).build()),
                Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> framework.state("ui-task") == TaskState.TASK_RUNNING);
        String agentId = offer.getAgentId().getValue();

        browser.open("http://" + cluster.address() + "/");
        await().atMost(PATIENCE).until(() -> "live".equals(browser.text("#live")));
        await().atMost(PATIENCE).until(() -> String.valueOf(browser.text("#resources")).contains("0.50 / 2"));
        await().atMost(PATIENCE).until(() -> String.valueOf(browser.text("#leader")).startsWith("leader "));
        assertThat(browser.text("tr[data-state='TASK_RUNNING']")).contains("1");
        browser.script("window.loadedOnce = true;");
        browser.screenshot(SCREENSHOTS.resolve("1-overview.png"));

        browser.click("#nav a[href='#/agents']");
        String agentRow = "tr[data-agent-id='" + agentId + "']";
        await().atMost(PATIENCE).until(() -> browser.text(agentRow) != null);
        assertThat(browser.text(agentRow)).contains("localhost:").contains("cpus 2");
        browser.screenshot(SCREENSHOTS.resolve("2-agents.png"));

        browser.click("#nav a[href='#/frameworks']");
        await().atMost(PATIENCE).until(() -> String.valueOf(browser.text("tr[data-framework-id]"))
                .contains("webui-test"));
        browser.screenshot(SCREENSHOTS.resolve("2-frameworks.png"));

        browser.click("#nav a[href='#/tasks']");
        String taskRow = "tr[data-task-id='ui-task']";
        await().atMost(PATIENCE).until(() -> "TASK_RUNNING".equals(browser.text(taskRow + " .state")));
        assertThat(browser.text(taskRow)).contains("ui task").contains("webui-test");

        browser.click(taskRow + " a[href^='#/sandbox']");
        String sandboxUrl = String.valueOf(browser.script("return location.href;"));
        await().atMost(PATIENCE).until(() -> String.valueOf(browser.text("#tail-stdout")).contains(marker));
        assertThat(browser.text("tr[data-path='stdout']")).contains("download");
        // the tail follows the file: what the task prints later appears without asking
        Files.createFile(more);
        await().atMost(PATIENCE).until(() -> String.valueOf(browser.text("#tail-stdout")).contains("second-line"));
        browser.screenshot(SCREENSHOTS.resolve("3-sandbox.png"));

        browser.click("#nav a[href='#/tasks']");
        browser.script("location.hash = '#/tasks?state=all';");
        await().atMost(PATIENCE).until(() -> "TASK_RUNNING".equals(browser.text(taskRow + " .state")));
        browser.screenshot(SCREENSHOTS.resolve("4-tasks-running.png"));
        Files.createFile(end);
        await().atMost(PATIENCE).until(() -> "TASK_FINISHED".equals(browser.text(taskRow + " .state")));
        assertThat(browser.script("return window.loadedOnce === true;")).as("the page was not reloaded")
                .isEqualTo(true);
        browser.screenshot(SCREENSHOTS.resolve("5-tasks-finished.png"));

        // filters: typed text, and framework and agent from a link
        browser.type("input[name='q']", "no-such-task");
        await().atMost(PATIENCE).until(() -> browser.text(taskRow) == null);
        assertThat(browser.text("tr.empty")).isEqualTo("no tasks match");
        String frameworkId = framework.client.frameworkId().orElseThrow().getValue();
        browser.script("location.hash = arguments[0];", "#/tasks?state=TASK_FINISHED&framework=" + frameworkId
                + "&agent=" + agentId + "&q=UI-");
        await().atMost(PATIENCE).until(() -> "TASK_FINISHED".equals(browser.text(taskRow + " .state")));
        browser.script("location.hash = arguments[0];", "#/tasks?state=all&agent=another-agent");
        await().atMost(PATIENCE).until(() -> browser.text(taskRow) == null);

        operator("{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":[{\"role\":\"analytics\","
                + "\"weight\":2.5}]}}");
        operator("{\"type\":\"UPDATE_QUOTA\",\"update_quota\":{\"quota_configs\":[{\"role\":\"analytics\","
                + "\"guarantees\":{\"cpus\":{\"value\":1}},\"limits\":{\"cpus\":{\"value\":1.5}}}]}}");
        browser.click("#nav a[href='#/roles']");
        await().atMost(PATIENCE).until(() -> browser.text("tr[data-role='analytics']") != null);
        assertThat(browser.text("tr[data-role='analytics']")).contains("2.5").contains("cpus 1").contains("cpus 1.50");
        assertThat(browser.text("tr[data-role='*']")).contains("1");
        browser.screenshot(SCREENSHOTS.resolve("6-roles.png"));
        browser.click("#nav a[href='#/offers']");
        await().atMost(PATIENCE).until(() -> browser.text("tr[data-offer-id]") != null);
        assertThat(browser.text("tr[data-offer-id]")).contains("webui-test").contains("localhost:");
        browser.screenshot(SCREENSHOTS.resolve("6-offers.png"));
        operator("{\"type\":\"UPDATE_MAINTENANCE_SCHEDULE\",\"update_maintenance_schedule\":{\"schedule\":"
                + "{\"windows\":[{\"machine_ids\":[{\"hostname\":\"localhost\",\"ip\":\"127.0.0.1\"}],"
                + "\"unavailability\":{\"start\":{\"nanoseconds\":1796090400000000000},"
                + "\"duration\":{\"nanoseconds\":7200000000000}}}]}}}");
        browser.click("#nav a[href='#/maintenance']");
        await().atMost(PATIENCE).until(() -> String.valueOf(browser.text("main")).contains("Machines in maintenance"));
        assertThat(browser.text("main")).contains("localhost").contains("2 h").contains("draining")
                .doesNotContain("does not implement");
        browser.screenshot(SCREENSHOTS.resolve("7-maintenance.png"));

        // a sandbox link opened in a new page finds the sandbox once the state has arrived
        browser.open(sandboxUrl);
        await().atMost(PATIENCE).until(() -> String.valueOf(browser.text("#tail-stdout")).contains("second-line"));
        assertThat(browser.text("#tail-stdout")).startsWith(marker);

        // the master goes away: the page says so instead of going blank
        cluster.master().stop();
        await().atMost(PATIENCE).until(() -> Boolean.TRUE.equals(browser.script(
                "const b = document.getElementById('banner'); return !b.hidden && "
                        + "b.textContent.startsWith('Cannot reach the master');")));
        assertThat(browser.text("#live")).isEqualTo("disconnected");
        browser.screenshot(SCREENSHOTS.resolve("8-master-unreachable.png"));
    }
}
