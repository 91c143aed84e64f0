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
import java.util.concurrent.TimeUnit;
import org.agora.master.internal.MasterComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI opened on a master that does not lead: it loads itself from the leader, and when the leadership moves
 * while it is open, it follows to the new leader. Two masters and an agent in this JVM on a real ZooKeeper; Debian's
 * headless Chromium through chromedriver.
 */
class WebUiLeaderIT {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private ZooKeeperCluster zk;
    private Chromium browser;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Chromium.installed(), "needs Debian's chromium and chromium-driver (apt-get install chromium "
                + "chromium-driver; .ci/run does)");
        zk = ZooKeeperCluster.start();
        browser = new Chromium(dir.resolve("profile"), Path.of("target", "chromium-logs"));
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (zk != null) {
            zk.close();
        }
    }

    private static int port(MasterComponent m) throws Exception {
        return m.snapshot().get(5, TimeUnit.SECONDS).self().getPort();
    }

    private static boolean knowsLeader(MasterComponent m, int leaderPort) throws Exception {
        var s = m.snapshot().get(5, TimeUnit.SECONDS);
        return s.leader().map(l -> l.getPort() == leaderPort).orElse(false);
    }

    @Test
    void aFollowerSendsTheBrowserToTheLeaderAndThePageFollowsALeaderChange() throws Exception {
        try {
            followTheLeader();
        } catch (Exception | AssertionError e) {
            browser.screenshot(SCREENSHOTS.resolve("leader-failed.png"));
            throw new AssertionError("the page at " + browser.script("return location.href;") + " shows: "
                    + browser.text("body"), e);
        }
    }

    private void followTheLeader() throws Exception {
        MasterComponent first = zk.offeringMaster();
        InProcessCluster.awaitLeading(first);
        MasterComponent second = zk.offeringMaster();
        int firstPort = port(first);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> port(second) > 0);
        int secondPort = port(second);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> knowsLeader(second, firstPort));
        zk.agent(Files.createDirectory(dir.resolve("work")), "cpus:1;mem:256");
        InProcessCluster.awaitAgents(first, 1);

        browser.open("http://127.0.0.1:" + secondPort + "/#/agents");
        await().atMost(PATIENCE).until(() -> String.valueOf(firstPort).equals(browser.script(
                "return location.port;")) && "live".equals(browser.text("#live")));
        assertThat(browser.script("return location.hash;")).isEqualTo("#/agents");
        await().atMost(PATIENCE).until(() -> browser.text("tr[data-agent-id]") != null);
        browser.screenshot(SCREENSHOTS.resolve("leader-1-followed.png"));

        // the leader loses its place in the group: the other master leads, and the page goes there by itself
        zk.dropLeaderZnode();
        await().atMost(PATIENCE).until(() -> String.valueOf(secondPort).equals(browser.script(
                "return location.port;")) && "live".equals(browser.text("#live")));
        await().atMost(PATIENCE).until(() -> browser.text("tr[data-agent-id]") != null);
        browser.screenshot(SCREENSHOTS.resolve("leader-2-after-failover.png"));
    }
}
