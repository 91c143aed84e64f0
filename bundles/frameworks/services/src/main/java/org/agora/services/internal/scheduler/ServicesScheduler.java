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
package org.agora.services.internal.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.Backoff;
import org.agora.scheduler.client.Disconnect;
import org.agora.scheduler.client.EventHandler;
import org.agora.scheduler.client.SchedulerClient;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.AppJson;
import org.agora.services.internal.events.EventBus;
import org.agora.services.internal.instance.Instance;
import org.agora.services.internal.store.ServiceStore;
import org.agora.services.internal.store.StoredState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services scheduler: one actor thread owns the state of the current leadership term; the scheduler client's
 * callbacks and every API call run on it, so nothing else locks. {@link #lead()} loads the store, subscribes the
 * framework (with the stored framework id) and reconciles: explicitly for the stored instances, then implicitly;
 * only then do deployments act and offers get used. {@link #abdicate()} drops the term whole. The public methods
 * are the API's: each runs on the actor and completes with Marathon's JSON, or fails with
 * {@link AppNotFoundException}, {@link ConflictException}, {@link NotLeadingException},
 * {@link org.agora.services.internal.app.InvalidAppException} or
 * {@link org.agora.services.internal.store.StoreUnavailableException}.
 */
public final class ServicesScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServicesScheduler.class);

    /**
     * The framework's settings.
     *
     * @param frameworkName    FrameworkInfo.name
     * @param role             the role of the framework (and default of apps)
     * @param user             FrameworkInfo.user: the user tasks run as unless an app names one
     * @param failoverTimeout  how long the master keeps the framework's tasks while no scheduler is subscribed
     * @param webuiUrl         FrameworkInfo.webui_url (this scheduler's address)
     * @param reconcileTimeout how long the explicit reconciliation may take before deployments act anyway
     */
    public record Settings(String frameworkName, String role, String user, Duration failoverTimeout,
            String webuiUrl, Duration reconcileTimeout) {
    }

    private final ScheduledExecutorService actor;
    private final ServiceStore store;
    private final EventBus events;
    private final Clock clock;
    private final Settings settings;
    private final BiFunction<EventHandler, Executor, SchedulerClient> clients;

    private Term term;
    private DeploymentDriver driver;
    private Reconciliation reconciliation;
    private Launcher launcher;
    private AppCommands commands;
    private AppViews views;
    private GroupCommands groupCommands;
    private GroupViews groupViews;
    private ScheduledFuture<?> ticker;

    /**
     * @param actor   the single thread that owns the state; shut down by {@link #close()}
     * @param clients makes the scheduler client for a term, given its handler and the actor as callback executor
     */
    public ServicesScheduler(ScheduledExecutorService actor, ServiceStore store, EventBus events, Clock clock,
            Settings settings, BiFunction<EventHandler, Executor, SchedulerClient> clients) {
        this.actor = actor;
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.clients = clients;
    }

    /** Starts a leadership term: loads the store and subscribes. */
    public CompletableFuture<Void> lead() {
        return CompletableFuture.runAsync(() -> {
            if (term != null) {
                return;
            }
            store.init();
            StoredState stored = store.load();
            SchedulerState state = new SchedulerState();
            state.frameworkId = stored.frameworkId();
            stored.apps().forEach(a -> state.apps.put(a.id(), a));
            stored.deployments().forEach(d -> state.deployments.put(d.id(), d));
            stored.instances().forEach(i -> state.instances.put(i.taskId(), i));
            store.loadGroups().forEach(g -> {
                state.groups.put(g.id(), g);
                state.lastVersion = max(state.lastVersion, g.version());
            });
            stored.apps().forEach(a -> state.lastVersion = max(state.lastVersion, a.version()));
            stored.deployments().forEach(d -> state.lastVersion = max(state.lastVersion, d.version()));
            SchedulerClient client = clients.apply(new Handler(), actor);
            term = new Term(state, store, events, clock, client, actor);
            commands = new AppCommands(term);
            driver = new DeploymentDriver(term, commands);
            Term thisTerm = term;
            reconciliation = new Reconciliation(term, new StatusUpdates(term), actor, settings.reconcileTimeout(),
                    () -> term == thisTerm, this::tick);
            launcher = new Launcher(term, this::tick);
            views = new AppViews(term);
            groupCommands = new GroupCommands(term);
            groupViews = new GroupViews(term, views);
            LOG.info("services: leading with {} apps, {} deployments, {} instances from the store; framework {}",
                    state.apps.size(), state.deployments.size(), state.instances.size(),
                    state.frameworkId.orElse("(new)"));
            subscribe(client, state);
            ticker = actor.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        }, actor);
    }

    private static String max(String a, String b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void subscribe(SchedulerClient client, SchedulerState state) {
        FrameworkInfo.Builder info = FrameworkInfo.newBuilder()
                .setUser(settings.user())
                .setName(settings.frameworkName())
                .addRoles(settings.role())
                .setCheckpoint(true)
                .setFailoverTimeout(settings.failoverTimeout().toSeconds())
                .setWebuiUrl(settings.webuiUrl())
                .addCapabilities(FrameworkInfo.Capability.newBuilder()
                        .setType(FrameworkInfo.Capability.Type.MULTI_ROLE));
        state.frameworkId.ifPresent(id -> info.setId(FrameworkID.newBuilder().setValue(id)));
        client.subscribe(info.build()).whenCompleteAsync((ok, error) -> {
            if (error != null && term != null && term.client == client) {
                LOG.warn("services: SUBSCRIBE failed ({}); retrying with backoff", error.toString());
                client.resubscribe(Backoff.DEFAULT);
            }
        }, actor);
    }

    /** Ends the term: closes the subscription (no TEARDOWN: the tasks keep running) and drops the state. */
    public CompletableFuture<Void> abdicate() {
        return CompletableFuture.runAsync(this::endTerm, actor);
    }

    private void endTerm() {
        if (term == null) {
            return;
        }
        LOG.info("services: leadership term ends");
        ticker.cancel(false);
        term.client.close();
        term = null;
    }

    private void tick() {
        if (term == null) {
            return;
        }
        driver.tick();
        if (term.state.subscribed) {
            launcher.reviveIfNeeded();
        }
    }

    private final class Handler implements EventHandler {
        @Override
        public void event(Event event) {
            if (term == null) {
                return;
            }
            switch (event.getType()) {
                case SUBSCRIBED -> reconciliation.subscribed(event.getSubscribed());
                case OFFERS -> {
                    if (term.state.reconciled) {
                        // the demand as of now, changes since the last pass included
                        driver.tick();
                        launcher.offers(event.getOffers().getOffersList());
                    } else {
                        term.client.decline(event.getOffers().getOffersList().stream()
                                .map(o -> o.getId()).toList(), org.agora.api.v1.Protos.Filters.newBuilder()
                                .setRefuseSeconds(1).build());
                    }
                }
                case UPDATE -> reconciliation.update(event.getUpdate().getStatus());
                case FAILURE -> LOG.info("services: failure reported: agent {} executor {} status {}",
                        event.getFailure().getAgentId().getValue(), event.getFailure().getExecutorId().getValue(),
                        event.getFailure().getStatus());
                case ERROR -> LOG.error("services: the master sent an error: {}", event.getError().getMessage());
                default -> {
                    // HEARTBEAT, RESCIND, MESSAGE and others need nothing
                }
            }
            tick();
        }

        @Override
        public void disconnected(Disconnect disconnect) {
            if (term != null) {
                term.state.subscribed = false;
                LOG.warn("services: disconnected from the master: {}", disconnect);
            }
        }
    }

    // ---- the API, run on the actor ----

    private <T> CompletableFuture<T> onActor(Function<Term, T> work) {
        return CompletableFuture.supplyAsync(() -> {
            if (term == null) {
                throw new NotLeadingException("this services scheduler does not lead");
            }
            T result = work.apply(term);
            tick();
            return result;
        }, actor);
    }

    /** {@code GET /v2/apps}: apps whose id starts with {@code idPrefix} (all when empty). */
    public CompletableFuture<List<Map<String, Object>>> apps(String idPrefix, Set<String> embed) {
        return onActor(t -> t.state.apps.values().stream().filter(a -> a.id().startsWith(idPrefix))
                .map(a -> views.app(a, embed)).toList());
    }

    /** {@code GET /v2/apps/{id}}. */
    public CompletableFuture<Map<String, Object>> app(String id, Set<String> embed) {
        return onActor(t -> views.app(t.app(id), embed));
    }

    /** {@code POST /v2/apps}: the created app with its deployment; with {@code dryRun} the plan, nothing made. */
    public CompletableFuture<Map<String, Object>> create(AppDefinition app, boolean force, boolean dryRun) {
        return onActor(t -> {
            AppCommands.Change c = commands.create(app, force, dryRun);
            return dryRun ? dryRunResult(c) : views.app(c.app().orElseThrow(), Set.of());
        });
    }

    /**
     * {@code PUT /v2/apps/{id}}: the fields given replace the app's (the others stay); an app that does not exist
     * is created from them.
     *
     * @return Marathon's {@code {"deploymentId", "version"}} and whether the app was created
     */
    public CompletableFuture<Map<String, Object>> update(String id, Map<String, Object> fields, boolean force,
            boolean dryRun) {
        return onActor(t -> {
            boolean existed = t.state.apps.containsKey(id);
            Map<String, Object> given = new LinkedHashMap<>(fields);
            given.put("id", id);
            AppCommands.Change c = commands.update(id, current -> {
                Map<String, Object> merged = new LinkedHashMap<>(AppJson.render(current));
                merged.putAll(given);
                return AppJson.parseValid(merged, Optional.of(id));
            }, existed ? Optional.empty() : Optional.of(AppJson.parseValid(given, Optional.of(id))), force, dryRun);
            return dryRun ? dryRunResult(c) : deploymentResult(c, !existed);
        });
    }

    /** {@code DELETE /v2/apps/{id}}. */
    public CompletableFuture<Map<String, Object>> delete(String id, boolean force) {
        return onActor(t -> deploymentResult(commands.remove(id, force), false));
    }

    /** {@code POST /v2/apps/{id}/restart}. */
    public CompletableFuture<Map<String, Object>> restart(String id, boolean force) {
        return onActor(t -> deploymentResult(commands.restart(id, force), false));
    }

    /** Beyond Marathon: what a change would deploy, without making it ({@code ?dryRun=true}). */
    private static Map<String, Object> dryRunResult(AppCommands.Change c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dryRun", true);
        m.put("steps", org.agora.services.internal.deploy.DeploymentJson.summary(c.deployment()).get("steps"));
        m.put("original", c.deployment().original().map(AppJson::render).orElse(null));
        m.put("target", c.deployment().target().map(AppJson::render).orElse(null));
        return m;
    }

    private static Map<String, Object> deploymentResult(AppCommands.Change c, boolean created) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deploymentId", c.deployment().id());
        m.put("version", c.deployment().version());
        if (created) {
            m.put("created", true);
        }
        return m;
    }

    /** {@code GET /v2/apps/{id}/versions}. */
    public CompletableFuture<Map<String, Object>> versions(String id) {
        return onActor(t -> {
            t.app(id);
            List<String> newestFirst = new ArrayList<>(store.versions(id));
            java.util.Collections.reverse(newestFirst);
            return Map.of("versions", newestFirst);
        });
    }

    /** {@code GET /v2/apps/{id}/versions/{version}}. */
    public CompletableFuture<Map<String, Object>> version(String id, String version) {
        return onActor(t -> AppJson.render(store.version(id, version).orElseThrow(() -> new AppNotFoundException(
                "App '" + id + "' does not exist in version " + version))));
    }

    /** {@code GET /v2/apps/{id}/tasks}, or {@code GET /v2/tasks} with a null id. */
    public CompletableFuture<List<Map<String, Object>>> tasks(String appId) {
        return onActor(t -> {
            if (appId != null) {
                t.app(appId);
            }
            return views.tasks(appId);
        });
    }

    /**
     * Kills tasks ({@code DELETE /v2/apps/{id}/tasks[/{taskId}]}, {@code POST /v2/tasks/delete}), as Marathon does:
     * without {@code scale} the app keeps its instance count, so each killed instance is replaced; with
     * {@code scale} the app's instance count goes down by as many (a new app version and deployment, forced past a
     * running one); with {@code wipe} the instance is forgotten at once (removed from the store and the task list
     * before Mesos confirms the kill, its kill not retried), so nothing of it is relaunched.
     *
     * @return {@code {"tasks": [...]}} (the killed tasks), or with {@code scale} Marathon's
     *         {@code {"deploymentId", "version"}} of the scale (of the first app when tasks of several were killed)
     * @throws IllegalArgumentException for {@code scale} with {@code wipe} (a 400, as Marathon answers)
     * @throws AppNotFoundException     for an unknown app, or a task id that is not one of the app's tasks
     */
    public CompletableFuture<Map<String, Object>> kill(TaskKill request) {
        if (request.scale() && request.wipe()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "You cannot use scale and wipe at the same time."));
        }
        return onActor(t -> {
            if (request.appId() != null) {
                t.app(request.appId());
            }
            List<Instance> chosen = new ArrayList<>();
            for (Instance i : t.state.instances.values()) {
                if (request.selects(i)) {
                    chosen.add(i);
                }
            }
            if (request.taskIds() != null && request.appId() != null && chosen.size() < request.taskIds().size()) {
                throw new AppNotFoundException("Task '" + String.join(", ", request.taskIds()) + "' does not exist");
            }
            List<Map<String, Object>> out = new ArrayList<>();
            Map<String, Integer> perApp = new LinkedHashMap<>();
            for (Instance i : chosen) {
                out.add(org.agora.services.internal.instance.TaskJson.task(i, false));
                t.kill(i, "killed through the API" + (request.scale() ? ", scaling down" : "")
                        + (request.wipe() ? ", wiped" : ""));
                perApp.merge(i.appId(), 1, Integer::sum);
                if (request.wipe()) {
                    t.store.removeInstance(i.taskId());
                    t.state.instances.remove(i.taskId());
                    t.forgetKill(i.taskId());
                    LOG.info("services: instance {} of app {} wiped: forgotten before its kill is confirmed",
                            i.taskId(), i.appId());
                }
            }
            if (request.scale()) {
                List<AppCommands.Change> changes = new ArrayList<>();
                perApp.forEach((app, n) -> changes.add(commands.update(app,
                        a -> a.scaled(Math.max(0, a.instances() - n), ""), Optional.empty(), true, false)));
                if (!changes.isEmpty()) {
                    return deploymentResult(changes.get(0), false);
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("tasks", out);
            return result;
        });
    }

    /** {@code GET /v2/groups[/{id}]} with Marathon's {@code embed} values (empty: apps and groups). */
    public CompletableFuture<Map<String, Object>> group(String id, Set<String> embed) {
        return onActor(t -> groupViews.group(id, embed));
    }

    /** {@code GET /v2/groups/{id}/versions}. */
    public CompletableFuture<List<String>> groupVersions(String id) {
        return onActor(t -> groupViews.versions(id));
    }

    /**
     * {@code POST /v2/groups} ({@code create}) or {@code PUT /v2/groups/{id}}: Marathon's
     * {@code {"deploymentId", "version"}}, plus {@code deploymentIds}: every deployment of the change (one per app
     * changed; {@code deploymentId} is the one that runs last in dependency order, null when no app changed).
     */
    public CompletableFuture<Map<String, Object>> putGroup(org.agora.services.internal.app.GroupSpec spec,
            boolean create, boolean force) {
        return onActor(t -> groupResult(create ? groupCommands.create(spec, force)
                : groupCommands.put(spec, force)));
    }

    /** {@code DELETE /v2/groups/{id}}: every app of the group removed. */
    public CompletableFuture<Map<String, Object>> deleteGroup(String id, boolean force) {
        return onActor(t -> groupResult(groupCommands.remove(id, force)));
    }

    private static Map<String, Object> groupResult(GroupCommands.Change c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deploymentId", c.deployments().isEmpty() ? null : c.deployments().get(0).id());
        m.put("version", c.version());
        m.put("deploymentIds", c.deployments().stream().map(d -> d.id()).toList());
        return m;
    }

    /** {@code GET /v2/deployments}. */
    public CompletableFuture<List<Map<String, Object>>> deployments() {
        return onActor(t -> views.deployments());
    }

    /** {@code DELETE /v2/deployments/{id}}: the rollback's {@code {"deploymentId", "version"}}; empty with force. */
    public CompletableFuture<Optional<Map<String, Object>>> cancel(String deploymentId, boolean force) {
        return onActor(t -> commands.cancel(deploymentId, force).map(c -> deploymentResult(c, false)));
    }

    /**
     * Beyond Marathon: {@code POST /v2/deployments/{id}/promote} promotes the canaries of a deployment at its canary
     * step; fails with {@link AppNotFoundException} or {@link ConflictException}.
     */
    public CompletableFuture<Void> promote(String deploymentId) {
        return onActor(t -> {
            driver.promote(deploymentId);
            return null;
        });
    }

    /** {@code GET /v2/queue}. */
    public CompletableFuture<Map<String, Object>> queue() {
        return onActor(t -> views.queue());
    }

    /** {@code DELETE /v2/queue/{id}/delay}: the app's launch delay is reset. */
    public CompletableFuture<Void> resetDelay(String appId) {
        return onActor(t -> {
            t.app(appId);
            t.state.delays.remove(appId);
            return null;
        });
    }

    /** The framework id and counts, for {@code /v2/info} and {@code /metrics}; empty values when not leading. */
    public CompletableFuture<Map<String, Object>> status() {
        return CompletableFuture.supplyAsync(() -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("leading", term != null);
            m.put("frameworkId", term == null ? null : term.state.frameworkId.orElse(null));
            m.put("subscribed", term != null && term.state.subscribed);
            m.put("apps", term == null ? 0 : term.state.apps.size());
            m.put("instances", term == null ? 0 : term.state.instances.size());
            m.put("deployments", term == null ? 0 : term.state.deployments.size());
            m.put("events.subscribers", events.subscribers());
            return m;
        }, actor);
    }

    /** Ends the term and stops the actor. */
    @Override
    public void close() {
        try {
            abdicate().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("services: stopping: {}", e.toString());
        }
        actor.shutdown();
    }
}
