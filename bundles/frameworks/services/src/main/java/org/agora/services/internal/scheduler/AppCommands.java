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

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.AppValidator;
import org.agora.services.internal.deploy.Dependencies;
import org.agora.services.internal.deploy.Deployment;
import org.agora.services.internal.deploy.DeploymentPlanner;
import org.agora.services.internal.deploy.StepAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changes the API asks for: create, update, restart and remove apps, cancel deployments. Each change is one
 * new app version and one deployment, written to the store in one transaction before the state changes (a store
 * failure changes nothing). An app with a running deployment is locked: a change without {@code force} is a
 * {@link ConflictException}; with it the running deployment is replaced (and reported failed). Actor-confined.
 */
final class AppCommands {
    private static final Logger LOG = LoggerFactory.getLogger(AppCommands.class);

    /** The result of a change: the app version made (empty for a removal) and its deployment. */
    record Change(Optional<AppDefinition> app, Deployment deployment) {
    }

    private final Term term;

    AppCommands(Term term) {
        this.term = term;
    }

    /**
     * {@code POST /v2/apps}: a new app; an app of that id is a conflict. With {@code dryRun} nothing is stored or
     * changed: the result is the deployment that would be made.
     */
    Change create(AppDefinition parsed, boolean force, boolean dryRun) {
        if (term.state.apps.containsKey(parsed.id())) {
            throw new ConflictException("An app with id [" + parsed.id() + "] already exists.", List.of());
        }
        return put(parsed, force, false, false, dryRun);
    }

    /**
     * {@code PUT /v2/apps/{id}}: the app as {@code change} makes it from the current version (or a new app when
     * there is none).
     */
    Change update(String id, UnaryOperator<AppDefinition> change, Optional<AppDefinition> whenMissing,
            boolean force, boolean dryRun) {
        AppDefinition current = term.state.apps.get(id);
        if (current == null) {
            return put(whenMissing.orElseThrow(() -> new AppNotFoundException("App '" + id + "' does not exist")),
                    force, false, false, dryRun);
        }
        return put(change.apply(current), force, false, false, dryRun);
    }

    /** {@code POST /v2/apps/{id}/restart}: the same definition as a new configuration, replacing every instance. */
    Change restart(String id, boolean force) {
        return put(term.app(id), force, true, false, false);
    }

    private Change put(AppDefinition next, boolean force, boolean restart, boolean rollback, boolean dryRun) {
        AppValidator.validate(next);
        if (!rollback) {
            Dependencies.checkApp(next, term.state.apps, term.state.groups);
        }
        String id = next.id();
        Optional<Deployment> lock = term.state.deploymentOf(id);
        AppDefinition current = term.state.apps.get(id);
        // a stop under way is replaced by a new app of the same id without force: the app is already gone
        boolean stopping = lock.map(d -> d.action() == StepAction.StopApplication).orElse(false);
        if (lock.isPresent() && !force && !stopping) {
            throw locked(id, lock.get());
        }
        String version = dryRun ? Versions.format(term.now()) : term.state.nextVersion(term.now());
        AppDefinition target;
        if (rollback && !next.lastConfigChangeAt().isEmpty()) {
            // back to the original configuration: its instances that still run are kept, not replaced
            target = next.versioned(version, false, next.lastConfigChangeAt());
        } else if (current == null) {
            target = next.versioned(version, true, version);
        } else if (restart || !current.sameConfig(next)) {
            target = next.versioned(version, true, version);
        } else {
            target = next.versioned(version, false, current.lastConfigChangeAt());
        }
        Optional<AppDefinition> original = Optional.ofNullable(current);
        List<StepAction> steps = DeploymentPlanner.plan(original, Optional.of(target), rollback);
        if (steps.isEmpty()) {
            steps = List.of(StepAction.ScaleApplication);
        }
        Deployment d = new Deployment(UUID.randomUUID().toString(), version, id, steps, 0, original,
                Optional.of(target), rollback);
        if (dryRun) {
            return new Change(Optional.of(target), d);
        }
        List<String> replaced = lock.map(l -> List.of(l.id())).orElse(List.of());
        term.store.saveApp(target, current != null, d, replaced);
        replace(lock);
        term.state.apps.put(id, target);
        term.state.deployments.put(d.id(), d);
        LOG.info("services: app {} version {} stored; deployment {} {}", id, version, d.id(), steps);
        term.deploymentEvent("deployment_info", d);
        return new Change(Optional.of(target), d);
    }

    /** {@code DELETE /v2/apps/{id}}: the app disappears at once; its instances are killed by the deployment. */
    Change remove(String id, boolean force) {
        return remove(id, force, false);
    }

    private Change remove(String id, boolean force, boolean rollback) {
        AppDefinition current = term.app(id);
        Optional<Deployment> lock = term.state.deploymentOf(id);
        if (lock.isPresent() && !force) {
            throw locked(id, lock.get());
        }
        String version = term.state.nextVersion(term.now());
        Deployment d = new Deployment(UUID.randomUUID().toString(), version, id, List.of(StepAction.StopApplication),
                0, Optional.of(current), Optional.empty(), rollback);
        term.store.saveStop(d, id, lock.map(l -> List.of(l.id())).orElse(List.of()));
        replace(lock);
        term.state.apps.remove(id);
        term.state.delays.remove(id);
        term.state.lastFailures.remove(id);
        term.state.lastShortage.remove(id);
        term.state.deployments.put(d.id(), d);
        LOG.info("services: app {} removed; deployment {} stops its instances", id, d.id());
        term.deploymentEvent("deployment_info", d);
        return new Change(Optional.empty(), d);
    }

    /**
     * {@code DELETE /v2/deployments/{id}}: with {@code force} the deployment just stops (the app keeps the target
     * version and whatever instances run); without, a new deployment rolls the app back to its original version
     * (an app the deployment created is removed, an app it removed comes back).
     *
     * @return the rollback, empty with {@code force}
     */
    Optional<Change> cancel(String deploymentId, boolean force) {
        Deployment d = term.state.deployments.get(deploymentId);
        if (d == null) {
            throw new AppNotFoundException("DeploymentPlan " + deploymentId + " does not exist");
        }
        if (force) {
            term.store.removeDeployment(d.id());
            term.state.deployments.remove(d.id());
            LOG.info("services: deployment {} of app {} cancelled without rollback", d.id(), d.appId());
            term.deploymentEvent("deployment_failed", d);
            return Optional.empty();
        }
        LOG.info("services: deployment {} of app {} cancelled: rolling back", d.id(), d.appId());
        if (d.original().isEmpty()) {
            return Optional.of(remove(d.appId(), true, true));
        }
        AppDefinition original = d.original().get();
        if (d.target().isEmpty()) {
            return Optional.of(put(original, true, false, true, false));
        }
        return Optional.of(put(original, true, false, true, false));
    }

    private void replace(Optional<Deployment> lock) {
        lock.ifPresent(old -> {
            term.state.deployments.remove(old.id());
            LOG.info("services: deployment {} of app {} replaced by a forced change", old.id(), old.appId());
            term.deploymentEvent("deployment_failed", old);
        });
    }

    private static ConflictException locked(String id, Deployment d) {
        return new ConflictException("App is locked by one or more deployments. Override with the option "
                + "'?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.", List.of(d.id()));
    }
}
