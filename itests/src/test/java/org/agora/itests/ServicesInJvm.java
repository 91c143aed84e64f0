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

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.agora.services.internal.ServicesComponent;

/**
 * The services scheduler in the test's JVM, as the services ITs run it: against the masters of a
 * {@link ZooKeeperCluster}, its own state under {@code /services} of the same ZooKeeper, its {@code /v2} API on a
 * free port of 127.0.0.1.
 */
final class ServicesInJvm {
    private ServicesInJvm() {
    }

    /** A new scheduler; it may lead or follow. */
    static ServicesComponent create(ZooKeeperCluster cluster) {
        Map<String, Object> config = new HashMap<>();
        config.put("master", InProcessCluster.zkOption(cluster.url));
        config.put("zk", "zk://" + cluster.url.connectString() + "/services");
        config.put("http.port", 0);
        config.put("http.ip", "127.0.0.1");
        config.put("hostname", "127.0.0.1");
        config.put("reconcile.timeout.ms", 3000);
        return new ServicesComponent(config);
    }

    /** A new scheduler, once it listens and leads. */
    static ServicesComponent leading(ZooKeeperCluster cluster) {
        ServicesComponent s = create(cluster);
        await().atMost(Duration.ofSeconds(30)).until(() -> s.port().isPresent() && s.isLeader());
        return s;
    }

    /** Where its API listens: {@code http://127.0.0.1:<port>}. */
    static String base(ServicesComponent s) {
        return "http://127.0.0.1:" + s.port().orElseThrow();
    }
}
