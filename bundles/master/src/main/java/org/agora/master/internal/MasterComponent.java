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

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.agora.api.allocator.Allocator;
import org.agora.api.hook.MasterHook;
import org.agora.api.hook.RankedHooks;
import org.agora.api.config.TypedConfig;
import org.agora.api.json.ProtoJson;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.discovery.MasterContender;
import org.agora.discovery.MasterDetector;
import org.agora.discovery.ZooKeeperClients;
import org.agora.http.HttpException;
import org.agora.http.HttpServer;
import org.agora.http.LoggingLevel;
import org.agora.http.PaxLoggingRootLevel;
import org.agora.master.internal.http.MasterRoutes;
import org.agora.api.security.Authenticator;
import org.agora.api.security.Authorizer;
import org.agora.master.internal.registry.InMemoryRegistry;
import org.agora.master.internal.security.Guard;
import org.agora.master.internal.security.Permissions;
import org.agora.master.internal.security.RankedServices;
import org.agora.master.internal.registry.Registry;
import org.agora.master.internal.registry.ZooKeeperRegistry;
import org.apache.curator.framework.CuratorFramework;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master as a DS component. Activation only checks the configuration and schedules the start; binding the HTTP
 * port and joining the ZooKeeper group happen on the master's actor thread, so a slow ZooKeeper never stalls the
 * Karaf boot. All master state lives in {@link Master}, touched only on that thread.
 */
@Component(service = MasterView.class, immediate = true, configurationPid = MasterSettings.PID)
@Designate(ocd = MasterConfiguration.class)
public final class MasterComponent implements MasterView, MasterAccess {
    private static final Logger LOG = LoggerFactory.getLogger(MasterComponent.class);

    private final MasterSettings settings;
    private final ScheduledExecutorService actor;
    private final Clock clock = Clock.systemUTC();
    /** Run in ranking order, highest first; the leadership term iterates this live view. */
    private final RankedHooks<MasterHook> hooks = new RankedHooks<>();
    private final List<AllocatorService> allocators = new CopyOnWriteArrayList<>();
    private final RankedServices<Authenticator> authenticators;
    private final RankedServices<Authorizer> authorizers;
    private final Guard guard;
    private final Permissions permissions;
    /** Checks credentials off the network threads (a JAAS realm may block on LDAP). */
    private final ExecutorService authentication = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "agora-master-authentication");
        t.setDaemon(true);
        return t;
    });
    /** Serializes state views (state, GET_STATE, metrics) off the actor thread; one at a time, so a burst of
     * readers takes at most one core from the actor. */
    private final ExecutorService views = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "agora-master-views");
        t.setDaemon(true);
        return t;
    });
    private volatile String allocatorName = "";
    /** Pax Logging's configuration store, in Karaf; absent outside OSGi. */
    private volatile ConfigurationAdmin configurationAdmin;
    private final LoggingLevel loggingLevel = new LoggingLevel(() -> Optional.ofNullable(configurationAdmin)
            .map(PaxLoggingRootLevel::new));

    // written once on the actor thread during start, read from Netty threads
    private volatile Master master;
    private volatile HttpServer http;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private CuratorFramework zookeeper;
    private MasterContender contender;
    private MasterDetector detector;

    /** Reads the raw properties itself so a malformed value is reported with its key (see {@link TypedConfig}). */
    @Activate
    public MasterComponent(Map<String, Object> properties) {
        this(MasterSettings.from(TypedConfig.read(MasterConfiguration.class, MasterSettings.PID, properties)));
        allocatorName = TypedConfig.read(MasterConfiguration.class, MasterSettings.PID, properties).allocator()
                .trim();
    }

    /** A master from checked settings, outside OSGi (tests, embedding); stop it with {@link #stop()}. */
    public MasterComponent(MasterSettings settings) {
        this.settings = settings;
        this.authenticators = new RankedServices<>(Authenticator::name, settings.security().authenticator());
        this.authorizers = new RankedServices<>(Authorizer::name, settings.security().authorizer());
        this.guard = new Guard(settings.security(), authenticators, authentication, System::nanoTime);
        this.permissions = new Permissions(authorizers, !settings.security().authorizer().isEmpty());
        this.actor = Actors.newActor("agora-master");
        actor.execute(this::start);
    }

    private void start() {
        try {
            http = HttpServer.start("master", settings.ip(), settings.port(), MasterRoutes.router(this),
                    settings.http()).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("Master not started: {}", e.getCause() != null ? e.getCause().getMessage() : e.toString());
            return;
        }
        MasterInfo self = MasterInfos.self(settings, http.port());
        Function<String, Registry> registryForTerm;
        if (settings.zk().isPresent()) {
            var zk = settings.zk().get();
            zookeeper = ZooKeeperClients.newClient(zk, settings.zkSessionTimeout(), settings.zkSessionTimeout());
            zookeeper.start();
            CuratorFramework client = zookeeper;
            // one registry per term, fenced by the member znode this master won the election with
            registryForTerm = znode -> new ZooKeeperRegistry(client, zk.path(), settings.cluster(), znode);
        } else {
            InMemoryRegistry[] latest = {null};
            registryForTerm = znode -> latest[0] = latest[0] == null ? new InMemoryRegistry(settings.cluster())
                    : latest[0].nextTerm();
        }
        Master m = new Master(self, settings, registryForTerm, actor, clock, hooks, permissions, this::abdicate);
        master = m;
        every(settings.agentHeartbeatInterval(), "agent heartbeat check", m::checkAgentHeartbeats);
        every(settings.frameworkHeartbeatInterval(), "framework heartbeats", m::heartbeatFrameworks);
        every(settings.allocationInterval(), "allocation", m::allocate);
        every(Duration.ofSeconds(1), "offer timeout", m::expireOffers);
        every(gcInterval(settings.registryMaxAgentAge()), "registry garbage collection", m::collectGarbage);
        syncAllocator();
        if (zookeeper == null) {
            LOG.info("Master {} at {}:{} runs without ZooKeeper: it leads alone with an in-memory registry",
                    self.getId(), self.getHostname(), self.getPort());
            m.elected("");
            return;
        }
        String path = settings.zk().get().path();
        detector = MasterDetector.create(zookeeper, path, actor, leader -> m.leaderDetected(leader.flatMap(
                MasterInfos::parseLeader)));
        detector.start();
        contend(m);
        LOG.info("Master {} at {}:{} contending for leadership in {}", self.getId(), self.getHostname(),
                self.getPort(), settings.zk().get());
    }

    /** Joins the leader election (again); on the actor. */
    private void contend(Master m) {
        MasterContender c = MasterContender.create(zookeeper, settings.zk().get().path(), ProtoJson.toBytes(
                m.self()), actor, new MasterContender.Listener() {
                    @Override
                    public void elected() {
                        m.elected(contender.znode().orElse(""));
                    }

                    @Override
                    public void defeated(String reason) {
                        m.defeated(reason);
                    }
                });
        contender = c;
        c.start();
    }

    /**
     * On the actor: this master cannot lead (its registry is unreadable, or a write found it deposed): it leaves
     * the group, which lets another master be elected, and joins again at the back.
     */
    private void abdicate(String reason, Duration rejoinAfter) {
        Master m = master;
        if (stopped.get() || contender == null || m == null) {
            return;
        }
        LOG.warn("Master {} gives up the leadership ({}) and rejoins the election{}", m.self().getId(), reason,
                rejoinAfter.isZero() ? "" : " in " + rejoinAfter.toSeconds() + " s");
        m.defeated(reason);
        contender.close();
        contender = null;
        actor.schedule(() -> {
            if (!stopped.get() && contender == null) {
                contend(m);
            }
        }, rejoinAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How often unreachable agents past the maximum age are collected: Mesos's 15 min, more often for short ages. */
    static Duration gcInterval(Duration maxAgentAge) {
        Duration quarter = maxAgentAge.dividedBy(4);
        Duration min = Duration.ofSeconds(1);
        Duration max = Duration.ofMinutes(15);
        return quarter.compareTo(min) < 0 ? min : quarter.compareTo(max) > 0 ? max : quarter;
    }

    private void every(Duration interval, String what, Runnable task) {
        actor.scheduleWithFixedDelay(Actors.logging(LOG, what, task), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Another allocator service came (bundle installed or started, configuration applied): maybe switch to it. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = Allocator.class, name = "allocator")
    void bindAllocator(Allocator allocator, Map<String, Object> properties) {
        allocators.add(new AllocatorService(allocator, properties));
        onActor(this::syncAllocator);
    }

    void updatedAllocator(Allocator allocator, Map<String, Object> properties) {
        allocators.removeIf(a -> a.allocator() == allocator);
        allocators.add(new AllocatorService(allocator, properties));
        onActor(this::syncAllocator);
    }

    void unbindAllocator(Allocator allocator, Map<String, Object> properties) {
        allocators.removeIf(a -> a.allocator() == allocator);
        onActor(this::syncAllocator);
    }

    /** Offers an allocator outside OSGi (tests, benchmarks), as if it were a service. */
    public void useAllocator(Allocator allocator) {
        bindAllocator(allocator, Map.of());
    }

    /** Withdraws an allocator given to {@link #useAllocator}, as if its service went away. */
    public void stopUsingAllocator(Allocator allocator) {
        unbindAllocator(allocator, Map.of());
    }

    /** Changes what can change without a restart: the allocator choice. Other changes apply at the next start. */
    @Modified
    void modified(Map<String, Object> properties) {
        MasterConfiguration c = TypedConfig.read(MasterConfiguration.class, MasterSettings.PID, properties);
        MasterSettings next = MasterSettings.from(c);
        if (!next.equals(settings)) {
            LOG.warn("Master configuration changed; everything but 'allocator' takes effect at the next restart");
        }
        if (!c.allocator().trim().equals(allocatorName)) {
            allocatorName = c.allocator().trim();
            LOG.info("Allocator choice set to {}", allocatorName.isEmpty() ? "the highest ranked" : allocatorName);
            onActor(this::syncAllocator);
        }
    }

    @Override
    public List<AllocatorService> allocators() {
        return List.copyOf(allocators);
    }

    @Override
    public String allocatorChoice() {
        return allocatorName;
    }

    @Override
    public CompletableFuture<Void> operate(
            Function<org.agora.master.internal.term.OperatorCalls, java.util.concurrent.CompletionStage<Void>> change) {
        return call(m -> change.apply(m.operatorCalls())).thenCompose(stage -> stage);
    }

    private void onActor(Runnable task) {
        if (!stopped.get()) {
            try {
                actor.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping: nothing left to update
            }
        }
    }

    /** On the actor: make the master use the allocator chosen among those DS currently gives us. */
    private void syncAllocator() {
        Master m = master;
        Allocator chosen = AllocatorService.choose(List.copyOf(allocators), allocatorName).orElse(null);
        if (m != null && m.allocator().orElse(null) != chosen) {
            if (chosen != null && !allocatorName.isEmpty() && !chosen.name().equals(allocatorName)) {
                LOG.warn("Allocator '{}' is configured but not installed; using '{}' meanwhile", allocatorName,
                        chosen.name());
            }
            m.allocatorChanged(chosen);
        }
    }

    /** An authenticator service came or went; the one in use is chosen per call (see {@link RankedServices}). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = Authenticator.class, name = "authenticator")
    void bindAuthenticator(Authenticator authenticator, Map<String, Object> properties) {
        authenticators.add(authenticator, properties);
        LOG.info("Authenticator '{}' installed", authenticator.name());
    }

    void unbindAuthenticator(Authenticator authenticator) {
        authenticators.remove(authenticator);
        LOG.info("Authenticator '{}' removed", authenticator.name());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = Authorizer.class, name = "authorizer")
    void bindAuthorizer(Authorizer authorizer, Map<String, Object> properties) {
        authorizers.add(authorizer, properties);
        LOG.info("Authorizer '{}' installed", authorizer.name());
    }

    void unbindAuthorizer(Authorizer authorizer) {
        authorizers.remove(authorizer);
        LOG.info("Authorizer '{}' removed", authorizer.name());
    }

    /** Offers an authenticator outside OSGi (tests, embedding), as if it were a service. */
    public void useAuthenticator(Authenticator authenticator) {
        bindAuthenticator(authenticator, Map.of());
    }

    /** Offers an authorizer outside OSGi (tests, embedding), as if it were a service. */
    public void useAuthorizer(Authorizer authorizer) {
        bindAuthorizer(authorizer, Map.of());
    }

    @Override
    public Guard guard() {
        return guard;
    }

    @Override
    public Permissions permissions() {
        return permissions;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindConfigurationAdmin(ConfigurationAdmin admin) {
        configurationAdmin = admin;
    }

    void unbindConfigurationAdmin(ConfigurationAdmin admin) {
        if (configurationAdmin == admin) {
            configurationAdmin = null;
        }
    }

    @Override
    public LoggingLevel loggingLevel() {
        return loggingLevel;
    }

    /** A master hook came: tasks launched from now on go through it, in ranking order (highest first). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindHook(MasterHook hook, Map<String, Object> properties) {
        hooks.bind(hook, properties);
        LOG.info("Master hook {} installed (service.ranking {})", hook.getClass().getName(),
                properties.getOrDefault("service.ranking", 0));
    }

    void updatedHook(MasterHook hook, Map<String, Object> properties) {
        hooks.bind(hook, properties);
    }

    void unbindHook(MasterHook hook) {
        hooks.unbind(hook);
        LOG.info("Master hook {} removed", hook.getClass().getName());
    }

    /** Offers a master hook outside OSGi (tests, embedding), as if it were a service with these properties. */
    public void useHook(MasterHook hook, Map<String, Object> properties) {
        bindHook(hook, properties);
    }

    @Override
    public <T> CompletableFuture<T> call(Function<Master, T> query) {
        Master m = master;
        if (m == null) {
            return CompletableFuture.failedFuture(HttpException.unavailable("Master is starting"));
        }
        return CompletableFuture.supplyAsync(() -> query.apply(m), actor);
    }

    @Override
    public <T> CompletableFuture<T> render(Function<MasterSnapshot, T> render) {
        return call(Master::snapshot).thenApplyAsync(render, views);
    }

    @Override
    public java.util.concurrent.Executor views() {
        return views;
    }

    @Override
    public MasterSettings settings() {
        return settings;
    }

    @Override
    public CompletableFuture<MasterSnapshot> snapshot() {
        return call(Master::snapshot);
    }

    @Override
    public CompletableFuture<org.agora.master.internal.maintenance.MaintenanceReport> maintenance() {
        return call(m -> org.agora.master.internal.maintenance.MaintenanceReport.of(m.maintenance()));
    }

    /** Leaves the leader election, closes every connection and stops the actor. */
    @Deactivate
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        loggingLevel.close();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            if (contender != null) {
                contender.close();
            }
            if (detector != null) {
                detector.close();
            }
            if (master != null) {
                master.defeated("master stopping");
            }
        }, actor);
        try {
            stopped.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Master did not leave the group cleanly: {}", e.toString());
        }
        if (http != null) {
            http.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
        Actors.stop(actor);
        authentication.shutdownNow();
        views.shutdownNow();
        LOG.info("Master stopped");
    }
}
