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
package org.agora.services.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.agora.api.config.TypedConfig;
import org.agora.discovery.ZkUrl;
import org.agora.http.HttpServer;
import org.agora.scheduler.client.Backoff;
import org.agora.scheduler.client.SchedulerClient;
import org.agora.services.internal.api.Leadership;
import org.agora.services.internal.api.V2Api;
import org.agora.services.internal.events.EventBus;
import org.agora.services.internal.scheduler.ServicesScheduler;
import org.agora.services.internal.store.ServiceStore;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.retry.RetryNTimes;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services scheduler as a DS component: a Curator client for its state and leader election, a leader latch
 * (the leader runs the scheduler, the others redirect), the scheduler's actor, and the REST API's HTTP server.
 * Activation only starts them (Curator, the latch and the server start in the background).
 */
@Component(service = ServicesComponent.class, immediate = true, configurationPid = ServicesComponent.PID)
@Designate(ocd = ServicesConfiguration.class)
public final class ServicesComponent implements Leadership {
    private static final Logger LOG = LoggerFactory.getLogger(ServicesComponent.class);

    /** The configuration PID: {@code etc/org.agora.services.cfg}. */
    public static final String PID = "org.agora.services";

    private final CuratorFramework curator;
    private final String latchPath;
    private volatile String latchId;
    private volatile LeaderLatch latch;
    private final ServicesScheduler scheduler;
    private final EventBus events = new EventBus();
    private volatile HttpServer server;
    private volatile boolean stopped;

    @Activate
    public ServicesComponent(Map<String, Object> properties) {
        ServicesConfiguration c = TypedConfig.read(ServicesConfiguration.class, PID, properties);
        ZkUrl zk = ZkUrl.parse(c.zk());
        String host = c.hostname().isBlank() ? localHostName() : c.hostname().trim();
        CuratorFrameworkFactory.Builder zkb = CuratorFrameworkFactory.builder()
                .connectString(zk.connectString())
                .sessionTimeoutMs(c.zk_session_timeout_ms())
                .connectionTimeoutMs(3000)
                // few, short retries: the actor waits for them, and a write that cannot be made answers 503
                .retryPolicy(new RetryNTimes(2, 500));
        zk.credentials().ifPresent(cr -> zkb.authorization("digest", cr.digestAuth()));
        curator = zkb.build();
        curator.start();
        ScheduledExecutorService actor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "services-scheduler");
            t.setDaemon(true);
            return t;
        });
        String user = c.user().isBlank() ? System.getProperty("user.name", "root") : c.user().trim();
        ServicesScheduler.Settings settings = new ServicesScheduler.Settings(c.framework_name(), c.role(), user,
                Duration.ofSeconds(c.failover_timeout_seconds()), "http://" + host + ":" + c.http_port(),
                Duration.ofMillis(c.reconcile_timeout_ms()));
        String master = c.master().trim();
        scheduler = new ServicesScheduler(actor, new ServiceStore(curator, zk.path()), events, Clock.systemUTC(),
                settings, (handler, executor) -> SchedulerClient.builder(master).handler(handler)
                        .callbackExecutor(executor).failover(Backoff.DEFAULT).build());
        V2Api api = new V2Api(scheduler, events, this, new V2Api.Info(c.framework_name(), "1.10.0-agora", master,
                c.zk(), c.http_port(), c.failover_timeout_seconds()));
        latchPath = zk.path() + "/leader";
        HttpServer.start("services", c.http_ip(), c.http_port(), api.router(), 4).whenComplete((s, e) -> {
            if (e != null) {
                LOG.error("services: the REST API cannot start: {}", e.getMessage());
                return;
            }
            server = s;
            if (stopped) {
                s.close();
                return;
            }
            // the latch id is the address followers redirect to: known once bound (port 0 picks one)
            latchId = host + ":" + s.port();
            contend();
        });
        LOG.info("services: started; API on port {}, master {}, state in {}", c.http_port(), master, zk);
    }

    /** Joins the leader election with a new latch (at the end of the queue). */
    private void contend() {
        LeaderLatch l = new LeaderLatch(curator, latchPath, latchId);
        l.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                LOG.info("services: elected leader ({})", latchId);
                scheduler.lead().whenComplete((ok, err) -> {
                    if (err != null) {
                        LOG.error("services: cannot start leading: {}; giving leadership up", err.toString());
                        abdicate();
                    }
                });
            }

            @Override
            public void notLeader() {
                LOG.info("services: not leading any more ({})", latchId);
                scheduler.abdicate();
                events.closeAll();
            }
        });
        latch = l;
        try {
            l.start();
        } catch (Exception e) {
            throw new IllegalStateException("services: cannot join the leader election under " + latchPath, e);
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The scheduler, for the shell commands (its methods answer only while this instance leads). */
    public ServicesScheduler scheduler() {
        return scheduler;
    }

    /** The port the REST API listens on; empty before it is bound. */
    public Optional<Integer> port() {
        HttpServer s = server;
        return s == null ? Optional.empty() : Optional.of(s.port());
    }

    @Override
    public boolean isLeader() {
        LeaderLatch l = latch;
        return l != null && l.hasLeadership();
    }

    @Override
    public Optional<String> leader() {
        try {
            LeaderLatch l = latch;
            if (l == null) {
                return Optional.empty();
            }
            var p = l.getLeader();
            return p.isLeader() ? Optional.of(p.getId()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    @Override
    public void abdicate() {
        // off the caller's thread: closing the latch waits for ZooKeeper; a new latch rejoins the election
        Thread t = new Thread(() -> {
            try {
                latch.close(LeaderLatch.CloseMode.NOTIFY_LEADER);
                if (!stopped) {
                    LOG.info("services: abdicated; contending again");
                    contend();
                }
            } catch (Exception e) {
                LOG.warn("services: abdicating: {}", e.toString());
            }
        }, "services-abdicate");
        t.setDaemon(true);
        t.start();
    }

    @Deactivate
    public void stop() {
        stopped = true;
        try {
            LeaderLatch l = latch;
            if (l != null && l.getState() == LeaderLatch.State.STARTED) {
                l.close(LeaderLatch.CloseMode.NOTIFY_LEADER);
            }
        } catch (Exception e) {
            LOG.warn("services: closing the leader latch: {}", e.toString());
        }
        scheduler.close();
        HttpServer s = server;
        if (s != null) {
            s.close();
        }
        curator.close();
        LOG.info("services: stopped");
    }
}
