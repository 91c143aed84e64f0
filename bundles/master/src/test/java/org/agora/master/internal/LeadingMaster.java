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
package org.agora.master.internal;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A master for a test: in memory (no ZooKeeper), on a free loopback port, returned once it leads. */
public final class LeadingMaster {

    private LeadingMaster() {
    }

    /** Started with {@code extra} settings on top of port 0, 127.0.0.1 and hostname localhost. */
    public static MasterComponent start(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(Map.of("port", 0, "ip", "127.0.0.1", "hostname", "localhost"));
        settings.putAll(extra);
        MasterComponent master = new MasterComponent(MasterSettings.of(settings));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> master.snapshot().get(5, TimeUnit.SECONDS).leading());
        return master;
    }

    public static MasterComponent start() {
        return start(Map.of());
    }

    /** The port its HTTP server listens on. */
    public static int port(MasterComponent master) throws Exception {
        return master.snapshot().get(5, TimeUnit.SECONDS).self().getPort();
    }
}
