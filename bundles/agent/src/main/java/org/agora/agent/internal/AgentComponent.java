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
package org.agora.agent.internal;

import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.agora.agent.internal.hook.AgentHooks;
import org.agora.agent.internal.http.AgentRoutes;
import org.agora.agent.internal.launcher.ContainerizerSlot;
import org.agora.agent.internal.launcher.SecretSlot;
import org.agora.agent.internal.master.MasterLink;
import org.agora.agent.internal.resources.ResourceDetector;
import org.agora.agent.internal.security.AgentSecurity;
import org.agora.api.config.TypedConfig;
import org.agora.api.containerizer.Containerizer;
import org.agora.api.hook.AgentHook;
import org.agora.api.json.ProtoJson;
import org.agora.api.resources.Resources;
import org.agora.api.secret.SecretResolver;
import org.agora.api.security.Authenticator;
import org.agora.api.security.Authorizer;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.discovery.Leader;
import org.agora.discovery.MasterDetector;
import org.agora.discovery.ZooKeeperClients;
import org.agora.http.HttpException;
import org.agora.http.HttpServer;
import org.agora.http.LoggingLevel;
import org.agora.http.PaxLoggingRootLevel;
import org.agora.http.WebSocketClient;
import org.apache.curator.framework.CuratorFramework;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent as a DS component. Activation checks the configuration (reading the executor key and the agent's
 * credential) and schedules the start on the agent's actor thread: detect resources, serve HTTP, recover the tasks an
 * earlier agent left running, find the leading master and register (again, under the checkpointed agent id, reporting
 * them). Authenticator and Authorizer services are bound as they come and go; the {@code authenticator} and
 * {@code authorizer} options choose among them on every request.
 */
@Component(service = AgentView.class, immediate = true, configurationPid = AgentSettings.PID)
@Designate(ocd = AgentConfiguration.class)
public final class AgentComponent implements AgentView {
    private static final Logger LOG = LoggerFactory.getLogger(AgentComponent.class);

    private final AgentSettings settings;
    private final ScheduledExecutorService actor;
    /** Where Authenticators run: they may block (JAAS, LDAP), so never on a Netty thread or the actor. */
    private final ExecutorService authentication;
    private final AgentSecurity security;
    private final WebSocketClient channelClient;

    private volatile Agent agent;
    private final ContainerizerSlot containerizer;
    private final SecretSlot secrets = new SecretSlot();
    private final AgentHooks hooks = new AgentHooks();
    private volatile HttpServer http;
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** Pax Logging's configuration store, in Karaf; absent outside OSGi. */
    private volatile ConfigurationAdmin configurationAdmin;
    private final LoggingLevel loggingLevel = new LoggingLevel(() -> Optional.ofNullable(configurationAdmin)
            .map(PaxLoggingRootLevel::new));
    private MasterLink link;
    private CuratorFramework zookeeper;
    private MasterDetector detector;

    /** Reads the raw properties itself so a malformed value is reported with its key (see {@link TypedConfig}). */
    @Activate
    public AgentComponent(Map<String, Object> properties) {
        // in OSGi tasks are never run unisolated: with no containerizer bound (its bundle is being updated, or has
        // not started) launches wait for one
        this(AgentSettings.from(TypedConfig.read(AgentConfiguration.class, AgentSettings.PID, properties)), true);
    }

    /**
     * An agent from checked settings, outside OSGi (tests, embedding); stop it with {@link #stop()}. Without a
     * containerizer ({@link #useContainerizer}) its tasks run as plain processes.
     */
    public AgentComponent(AgentSettings settings) {
        this(settings, false);
    }

    /**
     * @param requireContainerizer launches wait (up to the executor registration timeout) while no containerizer is
     *     bound, instead of running as plain processes
     */
    public AgentComponent(AgentSettings settings, boolean requireContainerizer) {
        this.settings = settings;
        this.containerizer = new ContainerizerSlot(requireContainerizer);
        this.authentication = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "agora-agent-authentication");
            t.setDaemon(true);
            return t;
        });
        try {
            this.security = AgentSecurity.create(settings.security(), settings.workDir(), authentication);
        } catch (RuntimeException e) {
            authentication.shutdownNow();
            throw e;
        }
        this.channelClient = new WebSocketClient("agent-channel", settings.masterTls());
        this.actor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agora-agent");
            t.setDaemon(true);
            return t;
        });
        actor.execute(this::start);
    }

    private void start() {
        try {
            Files.createDirectories(settings.workDir());
            http = HttpServer.start("agent", settings.ip(), settings.port(), AgentRoutes.router(this), settings.http())
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("Agent not started: {}", e.getCause() != null ? e.getCause().getMessage() : e.toString());
            return;
        }
        Resources resources = ResourceDetector.detect(settings.workDir(), settings.resources());
        Agent a = new Agent(settings, http.port(), resources, actor, containerizer, security.executors().tokens(),
                secrets, hooks);
        link = new MasterLink(a, actor, channelClient, settings.backoff(), settings.backoffMax(),
                settings.masterMissedHeartbeats(), security.masterChannelHeaders());
        a.link(link);
        agent = a;
        LOG.info("Agent {}:{} with work directory {} offers {}", settings.hostname(), http.port(),
                settings.workDir(), resources);
        if (settings.masterAddress().isPresent()) {
            String[] hp = settings.masterAddress().get().split(":");
            link.leaderDetected(Optional.of(MasterInfo.newBuilder().setId("").setIp(0).setHostname(hp[0])
                    .setPort(Integer.parseInt(hp[1])).build()));
            return;
        }
        var zk = settings.zk().get();
        zookeeper = ZooKeeperClients.newClient(zk, settings.zkSessionTimeout(), settings.zkSessionTimeout());
        zookeeper.start();
        detector = MasterDetector.create(zookeeper, zk.path(), actor,
                leader -> link.leaderDetected(leader.flatMap(AgentComponent::parseLeader)));
        detector.start();
        LOG.info("Agent looking for the leading master in {}", zk);
    }

    /**
     * The containerizer tasks launch through (cgroups, namespaces). Optional, so that the agent stays connected and
     * keeps its tasks through an update of the containerizer's bundle (the old instance is unbound, the new one
     * bound): while none is bound the running tasks' processes run on, and launches wait for the next one (each up to
     * the executor registration timeout, then TASK_FAILED saying so), which adopts the running containers through its
     * recovery before they go ahead. A containerizer that cannot start (an unknown isolator in its 'isolation')
     * therefore fails launches rather than let tasks run unisolated. Outside OSGi an agent without one runs plain
     * processes.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindContainerizer(Containerizer c) {
        LOG.info("Tasks launch through the {} containerizer once it has adopted the running ones", c.name());
        containerizer.set(c);
    }

    void unbindContainerizer(Containerizer c) {
        containerizer.clear(c);
        if (containerizer.bound().isEmpty()) {
            LOG.warn("No containerizer: running tasks keep running, {}", containerizer.required()
                    ? "launches wait for the next one" : "new tasks run as plain processes");
        }
    }

    /** Offers a containerizer outside OSGi (tests, embedding), as if it were a service. */
    public void useContainerizer(Containerizer c) {
        bindContainerizer(c);
    }

    /**
     * The secret resolver tasks' SECRET environment variables are resolved through, at launch. Optional and dynamic:
     * a launch uses the one bound when it resolves; with none, a task that names a secret fails to launch, saying so.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSecretResolver(SecretResolver r) {
        LOG.info("Secrets named by tasks are resolved through {}", r.getClass().getName());
        secrets.set(r);
    }

    void unbindSecretResolver(SecretResolver r) {
        secrets.clear(r);
        if (secrets.current().isEmpty()) {
            LOG.info("No secret resolver: tasks that name secrets fail to launch");
        }
    }

    /** Offers a secret resolver outside OSGi (tests, embedding), as if it were a service. */
    public void useSecretResolver(SecretResolver r) {
        bindSecretResolver(r);
    }

    /**
     * An agent hook came (or its ranking changed): launches and status updates from now on go through it, in
     * {@code service.ranking} order, highest first. Running tasks are not touched.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, service = AgentHook.class, name = "hook")
    void bindHook(AgentHook hook, Map<String, Object> properties) {
        hooks.add(hook, properties);
        LOG.info("Agent hook {} installed (service.ranking {})", hook.getClass().getName(),
                properties.getOrDefault("service.ranking", 0));
    }

    void updatedHook(AgentHook hook, Map<String, Object> properties) {
        hooks.add(hook, properties);
    }

    void unbindHook(AgentHook hook, Map<String, Object> properties) {
        hooks.remove(hook);
        LOG.info("Agent hook {} removed", hook.getClass().getName());
    }

    /** Offers an agent hook outside OSGi (tests, embedding), as if it were a service with these properties. */
    public void useHook(AgentHook hook, Map<String, Object> properties) {
        bindHook(hook, properties);
    }

    /** Withdraws a hook given to {@link #useHook}, as if its service went away. */
    public void stopUsingHook(AgentHook hook) {
        unbindHook(hook, Map.of());
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

    /** An Authenticator service came (or changed); the 'authenticator' option chooses among those bound. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, service = Authenticator.class, name = "authenticator")
    void bindAuthenticator(Authenticator a, Map<String, Object> properties) {
        LOG.info("Authenticator '{}' is available", a.name());
        security.http().addAuthenticator(a, properties);
    }

    void updatedAuthenticator(Authenticator a, Map<String, Object> properties) {
        security.http().addAuthenticator(a, properties);
    }

    void unbindAuthenticator(Authenticator a, Map<String, Object> properties) {
        LOG.info("Authenticator '{}' is gone", a.name());
        security.http().removeAuthenticator(a);
    }

    /** An Authorizer service came (or changed); the 'authorizer' option chooses among those bound. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, service = Authorizer.class, name = "authorizer")
    void bindAuthorizer(Authorizer a, Map<String, Object> properties) {
        LOG.info("Authorizer '{}' is available", a.name());
        security.http().addAuthorizer(a, properties);
    }

    void updatedAuthorizer(Authorizer a, Map<String, Object> properties) {
        security.http().addAuthorizer(a, properties);
    }

    void unbindAuthorizer(Authorizer a, Map<String, Object> properties) {
        LOG.info("Authorizer '{}' is gone", a.name());
        security.http().removeAuthorizer(a);
    }

    /** Offers an Authenticator outside OSGi (tests, embedding), as if it were a service. */
    public void useAuthenticator(Authenticator a) {
        bindAuthenticator(a, Map.of());
    }

    /** Offers an Authorizer outside OSGi (tests, embedding), as if it were a service. */
    public void useAuthorizer(Authorizer a) {
        bindAuthorizer(a, Map.of());
    }

    /** Withdraws an Authorizer given to {@link #useAuthorizer}, as if its service went away. */
    public void stopUsingAuthorizer(Authorizer a) {
        unbindAuthorizer(a, Map.of());
    }

    private static Optional<MasterInfo> parseLeader(Leader leader) {
        try {
            return Optional.of(ProtoJson.parse(leader.data(), MasterInfo.newBuilder()).build());
        } catch (RuntimeException e) {
            LOG.warn("Leader znode {} does not hold a readable MasterInfo: {}", leader.znode(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public <T> CompletableFuture<T> call(Function<Agent, T> query) {
        Agent a = agent;
        if (a == null) {
            return CompletableFuture.failedFuture(HttpException.unavailable("Agent is starting"));
        }
        return CompletableFuture.supplyAsync(() -> query.apply(a), actor);
    }

    @Override
    public AgentSettings settings() {
        return settings;
    }

    @Override
    public AgentSecurity security() {
        return security;
    }

    @Override
    public Optional<Containerizer> containerizer() {
        return containerizer.current();
    }

    /**
     * Stops heartbeating, closes the channel, kills the tasks that do not outlive the agent and closes the HTTP
     * server. Tasks of checkpointing frameworks keep running (unless {@code recover=cleanup}): the next agent on the
     * same work directory (a restarted JVM, or this bundle updated or restarted in Karaf) adopts them.
     */
    @Deactivate
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        loggingLevel.close();
        try {
            CompletableFuture.runAsync(() -> {
                if (detector != null) {
                    detector.close();
                }
                if (link != null) {
                    link.stop();
                }
                if (agent != null) {
                    agent.stop();
                }
            }, actor).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Agent did not stop cleanly: {}", e.toString());
        }
        if (http != null) {
            http.close();
        }
        channelClient.close();
        if (zookeeper != null) {
            zookeeper.close();
        }
        actor.shutdownNow();
        authentication.shutdownNow();
        LOG.info("Agent stopped");
    }
}
