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
package org.agora.testing.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The poller against two stand-in masters on loopback (HTTP servers that answer as a leader or a follower would):
 * here a master is the thing being observed, and the poller's own logic is under test.
 */
class LeadershipPollerTest {

    /** A stand-in that answers /master/state and the scheduler API like a leader while {@code leads} holds. */
    private static HttpServer master(String pid, double electedTime, AtomicBoolean leads) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/master/state", x -> {
            String leader = leads.get() ? pid : "master@127.0.0.1:1";
            byte[] body = ("{\"id\":\"" + pid + "\",\"pid\":\"" + pid + "\",\"leader\":\"" + leader
                    + "\",\"elected_time\":" + electedTime + "}").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        s.createContext("/api/v1/scheduler", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(leads.get() ? 400 : 307, -1);
            x.close();
        });
        s.start();
        return s;
    }

    @Test
    void provesAnOverlapOnlyWhenTwoMastersLeadAtOnce() throws Exception {
        AtomicBoolean aLeads = new AtomicBoolean(true);
        AtomicBoolean bLeads = new AtomicBoolean(false);
        HttpServer a = master("master@a", 1.0, aLeads);
        HttpServer b = master("master@b", 2.0, bLeads);
        try (LeadershipPoller poller = new LeadershipPoller(Map.of("a", url(a), "b", url(b)), Duration.ofMillis(20))) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> poller.samples("a").size() >= 5);
            aLeads.set(false);
            bLeads.set(true);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> poller.leadingNow().equals(java.util
                    .List.of("b")));
            assertThat(poller.overlaps()).as("a hand-over without overlap").isEmpty();

            aLeads.set(true); // both lead now
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !poller.overlaps().isEmpty());
            assertThat(poller.overlaps().get(0).first()).isIn("a", "b");
        } finally {
            a.stop(0);
            b.stop(0);
        }
    }

    private static String url(HttpServer s) {
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }
}
