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
 * The web UI in Chromium links a task of the services scheduler to its app on that scheduler: a framework with a
 * {@code webui_url} launches a task shaped as the services scheduler's ({@code it_web.<uuid>}, named
 * {@code it.web}), and the tasks view shows {@code /it/web} linking to {@code <webui_url>/v2/apps/it/web}; a task of
 * another shape gets no link.
 */
class WebUiServicesLinkIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private InProcessCluster.SingleAgent cluster;
    private Chromium browser;
    private Framework framework;

    @BeforeEach
    void start() throws Exception {
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

    @Test
    void aServicesTaskLinksToItsAppOnTheServicesScheduler() throws Exception {
        framework = new Framework(cluster.address(), ContentType.JSON);
        framework.client.subscribe(Framework.info("marathon").setWebuiUrl("http://127.0.0.1:8080").build())
                .get(10, TimeUnit.SECONDS);
        Offer offer = framework.offer();
        String taskId = "it_web." + UUID.randomUUID();
        framework.client.launch(List.of(offer.getId()), List.of(
                task(offer, taskId, "it.web"), task(offer, "plain-task", "plain task")),
                Filters.newBuilder().setRefuseSeconds(0).build()).get(10, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> framework.state(taskId) == TaskState.TASK_RUNNING
                && framework.state("plain-task") == TaskState.TASK_RUNNING);

        browser.open("http://" + cluster.address() + "/#/tasks");
        String row = "tr[data-task-id='" + taskId + "']";
        await().atMost(PATIENCE).until(() -> "TASK_RUNNING".equals(browser.text(row + " .state")));
        assertThat(browser.text(row + " a.service-app")).isEqualTo("/it/web");
        assertThat(browser.script("return document.querySelector(\"" + row + " a.service-app\").href;"))
                .isEqualTo("http://127.0.0.1:8080/v2/apps/it/web");
        await().atMost(PATIENCE).until(() -> "TASK_RUNNING".equals(
                browser.text("tr[data-task-id='plain-task'] .state")));
        assertThat(String.valueOf(browser.script("return document.querySelectorAll(\"tr[data-task-id='plain-task'] "
                + "a.service-app\").length;"))).isEqualTo("0");
    }

    private static TaskInfo task(Offer offer, String id, String name) {
        return TaskInfo.newBuilder().setName(name).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(offer.getAgentId()).addAllResources(Resources.parse("cpus:0.2;mem:32").toList())
                .setCommand(CommandInfo.newBuilder().setValue("sleep 1000")).build();
    }
}
