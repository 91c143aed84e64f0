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

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.agora.agent.internal.AgentComponent;
import org.agora.agent.internal.AgentSettings;
import org.agora.agent.internal.task.ExecutorSettings;
import org.agora.allocator.firstfit.internal.FirstFitAllocator;
import org.agora.discovery.ZkUrl;
import org.agora.master.internal.MasterComponent;
import org.agora.master.internal.MasterSettings;

/**
 * Masters and agents built from settings in this JVM (no OSGi), on ephemeral loopback ports, with short heartbeat
 * timings so tests see agents come and go quickly.
 */
final class InProcessCluster {
    private InProcessCluster() {
    }

    /** A master; with {@code zk} it contends for leadership there, without it leads alone. */
    static MasterComponent master(Optional<ZkUrl> zk) {
        return master(zk, Duration.ofSeconds(2));
    }

    /** A master that marks an agent unreachable once it has not heard from it for {@code agentUnreachable}. */
    static MasterComponent master(Optional<ZkUrl> zk, Duration agentUnreachable) {
        Map<String, Object> config = new HashMap<>(Map.of("port", 0, "ip", "127.0.0.1", "hostname", "localhost",
                "agent.heartbeat.interval.ms", 200, "agent.unreachable.timeout.ms", agentUnreachable.toMillis(),
                "http.io.threads", 1, "allocation.interval.ms", 200));
        zk.ifPresent(url -> config.put("zk", url.toString()));
        return new MasterComponent(MasterSettings.of(config));
    }

    /** A master without ZooKeeper, with the first-fit allocator, once it leads. */
    static MasterComponent leadingMaster() {
        return leadingMaster(Duration.ofSeconds(2));
    }

    /** A leading master that waits {@code agentUnreachable} before it gives a silent agent up. */
    static MasterComponent leadingMaster(Duration agentUnreachable) {
        MasterComponent m = master(Optional.empty(), agentUnreachable);
        m.useAllocator(new FirstFitAllocator());
        awaitLeading(m);
        return m;
    }

    static void awaitLeading(MasterComponent m) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> m.snapshot().get(5, TimeUnit.SECONDS).leading());
    }

    /** host:port of the master's HTTP endpoints. */
    static String address(MasterComponent m) throws Exception {
        return "127.0.0.1:" + m.snapshot().get(5, TimeUnit.SECONDS).self().getPort();
    }

    /** An agent that finds its master through {@code zk}, or at {@code address}; kills tasks 1 s after TERM. */
    static AgentComponent agent(Optional<ZkUrl> zk, Optional<String> address, Path workDir, String resources) {
        return new AgentComponent(settings(zk, address, workDir, resources));
    }

    /** An agent at {@code address} that treats executors as {@code executors} says. */
    static AgentComponent agent(String address, Path workDir, String resources, ExecutorSettings executors) {
        return new AgentComponent(settings(Optional.empty(), Optional.of(address), workDir, resources)
                .withExecutors(executors));
    }

    static AgentSettings settings(Optional<ZkUrl> zk, Optional<String> address, Path workDir, String resources) {
        return settings(zk, address, workDir, resources, 0);
    }

    /** Settings of an agent on a given port (0: any free one); a restarted agent keeps its executors' endpoint. */
    static AgentSettings settings(Optional<ZkUrl> zk, Optional<String> address, Path workDir, String resources,
            int port) {
        // by the agent's option keys (etc/org.agora.agent.cfg), as an operator sets them
        return AgentSettings.of(Map.ofEntries(
                Map.entry("master", zk.map(InProcessCluster::zkOption).orElseGet(address::orElseThrow)),
                Map.entry("port", port), Map.entry("ip", "127.0.0.1"), Map.entry("hostname", "localhost"),
                Map.entry("work.dir", workDir.toString()), Map.entry("resources", resources),
                Map.entry("registration.backoff.ms", 50), Map.entry("registration.backoff.max.ms", 500),
                Map.entry("switch.user", false), Map.entry("task.kill.grace.period.ms", 1000)));
    }

    /** The {@code master} option that names {@code zk}, its credentials included (ZkUrl's toString masks them). */
    static String zkOption(ZkUrl zk) {
        return "zk://" + zk.credentials().map(c -> c.username() + ":" + c.password() + "@").orElse("")
                + zk.connectString() + zk.path();
    }

    static void awaitAgents(MasterComponent m, int count) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> m.snapshot().get(5, TimeUnit.SECONDS).agents().size() == count);
    }

    /** A leading master (first-fit) and one agent registered with it: the fixture most API tests share. */
    record SingleAgent(MasterComponent master, AgentComponent agent, String address) implements AutoCloseable {

        static SingleAgent start(Path workDir, String resources) throws Exception {
            MasterComponent master = leadingMaster();
            String address = InProcessCluster.address(master);
            AgentComponent agent = InProcessCluster.agent(Optional.empty(), Optional.of(address), workDir,
                    resources);
            awaitAgents(master, 1);
            return new SingleAgent(master, agent, address);
        }

        @Override
        public void close() {
            agent.stop();
            master.stop();
        }
    }
}
