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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.deploy.Convergence;
import org.agora.services.internal.deploy.Dependencies;
import org.agora.services.internal.deploy.Deployment;
import org.agora.services.internal.deploy.InstanceView;
import org.agora.services.internal.deploy.StepAction;
import org.agora.services.internal.instance.Instance;
import org.agora.services.internal.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves every app towards its target after each event: runs the current step of each deployment (kills and
 * launch demand from {@link Convergence}), advances steps that are complete and finishes deployments, and keeps
 * apps without a deployment at their instance count (replacing instances that ended). Actor-confined.
 */
final class DeploymentDriver {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentDriver.class);

    private final Term term;
    private final AppCommands commands;
    private final CanaryStep canary;

    /** @param commands rolls back deployments past their deadline */
    DeploymentDriver(Term term, AppCommands commands) {
        this.term = term;
        this.commands = commands;
        this.canary = new CanaryStep(term);
    }

    /**
     * Beyond Marathon: an operator promotes the canaries of {@code deploymentId} ({@code POST
     * /v2/deployments/{id}/promote}): the rolling replacement goes on now, the hold cut short.
     *
     * @throws AppNotFoundException for an unknown deployment
     * @throws ConflictException    when it is not at its canary step or its canaries are not all ready
     */
    void promote(String deploymentId) {
        Deployment d = term.state.deployments.get(deploymentId);
        if (d == null) {
            throw new AppNotFoundException("DeploymentPlan " + deploymentId + " does not exist");
        }
        if (d.action() != StepAction.CanaryApplication) {
            throw new ConflictException("Deployment " + deploymentId + " is at step " + (d.currentStep() + 1) + " "
                    + d.action() + ", not at a canary step", List.of(d.id()));
        }
        Optional<String> why = canary.unpromotable(d);
        if (why.isPresent()) {
            throw new ConflictException("Deployment cannot be promoted yet: " + why.get(), List.of(d.id()));
        }
        LOG.info("services: deployment {} of app {}: canaries promoted by an operator", d.id(), d.appId());
        advance(d).ifPresent(this::drive);
    }

    /** One pass over every app and deployment; store failures leave the rest for the next pass. */
    void tick() {
        SchedulerState s = term.state;
        term.demand.clear();
        if (!s.reconciled) {
            return;
        }
        try {
            for (Deployment d : new ArrayList<>(s.deployments.values())) {
                if (!pastDeadline(d) && !crashLooping(d)) {
                    drive(d);
                }
            }
            for (AppDefinition app : s.apps.values()) {
                if (s.deploymentOf(app.id()).isEmpty()) {
                    keep(app);
                }
            }
            term.retryKills();
        } catch (StoreUnavailableException e) {
            LOG.warn("services: deployments wait for ZooKeeper: {}", e.getMessage());
        }
        for (Map.Entry<String, Integer> e : term.demand.entrySet()) {
            if (e.getValue() > 0) {
                s.waitingSince.putIfAbsent(e.getKey(), term.now());
            }
        }
        s.waitingSince.keySet().removeIf(app -> term.demand.getOrDefault(app, 0) == 0);
    }

    private void drive(Deployment d) {
        if (waitsForDependencies(d)) {
            term.demand.put(d.appId(), 0);
            return;
        }
        switch (d.action()) {
            case StartApplication -> advance(d).ifPresent(this::drive);
            case CanaryApplication -> {
                CanaryStep.Verdict v = canary.check(d);
                if (v instanceof CanaryStep.Fail fail) {
                    LOG.warn("services: deployment {} of app {} failed its canary step ({}): rolling back", d.id(),
                            d.appId(), fail.reason());
                    term.state.failureReasons.put(d.id(), fail.reason());
                    rollBack(d);
                } else if (v instanceof CanaryStep.Promote) {
                    LOG.info("services: deployment {} of app {}: canaries held, promoted", d.id(), d.appId());
                    advance(d).ifPresent(this::drive);
                }
            }
            case ScaleApplication, RestartApplication -> {
                AppDefinition target = d.target().orElseThrow();
                term.readiness.check(d, target);
                Convergence.Decision decision = Convergence.decide(target, views(d, target));
                for (String taskId : decision.kills()) {
                    term.kill(term.state.instances.get(taskId), "deployment " + d.id() + " " + d.action());
                }
                term.demand.put(target.id(), decision.launches());
                if (decision.converged()) {
                    advance(d).ifPresent(this::drive);
                }
            }
            case StopApplication -> {
                List<Instance> left = term.instancesOf(d.appId());
                for (Instance i : left) {
                    if (!i.killing()) {
                        term.kill(i, "app " + d.appId() + " removed by deployment " + d.id());
                    }
                }
                if (left.isEmpty()) {
                    finish(d);
                    term.events.publish("app_terminated_event", Map.of("appId", d.appId()));
                }
            }
            default -> throw new IllegalStateException("unknown step " + d.action());
        }
    }

    /**
     * Marathon's ordering by {@code dependencies}: a step that starts or changes instances runs once no app the
     * target depends on (directly or through its groups) has a deployment running. Stops and rollbacks never wait.
     */
    private boolean waitsForDependencies(Deployment d) {
        if (d.action() == StepAction.StopApplication || d.rollback() || d.target().isEmpty()) {
            return false;
        }
        for (String dep : Dependencies.of(d.target().get(), term.state.apps, term.state.groups)) {
            if (term.state.deploymentOf(dep).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Beyond Marathon: a deployment not done within its target's {@code upgradeStrategy.deadlineSeconds} is rolled
     * back (reported {@code deployment_failed}); the rollback itself has no deadline.
     */
    private boolean pastDeadline(Deployment d) {
        if (d.rollback() || d.target().isEmpty() || d.target().get().upgradeStrategy().deadlineSeconds() <= 0) {
            return false;
        }
        Instant deadline = Versions.parse(d.version()).plusSeconds(d.target().get().upgradeStrategy()
                .deadlineSeconds());
        if (!term.now().isAfter(deadline)) {
            return false;
        }
        LOG.warn("services: deployment {} of app {} missed its deadline ({} s, step {} {}): rolling back", d.id(),
                d.appId(), d.target().get().upgradeStrategy().deadlineSeconds(), d.currentStep() + 1, d.action());
        term.state.failureReasons.put(d.id(), "missed its deadline of "
                + d.target().get().upgradeStrategy().deadlineSeconds() + " s");
        rollBack(d);
        return true;
    }

    /**
     * Beyond Marathon: a deployment whose new instances ended unexpectedly {@code upgradeStrategy.crashLoopLimit}
     * times stops relaunching them, fails with the last one's status and is rolled back.
     */
    private boolean crashLooping(Deployment d) {
        int limit = d.target().map(t -> t.upgradeStrategy().crashLoopLimit()).orElse(0);
        if (d.rollback() || limit <= 0 || term.state.crashes.getOrDefault(d.id(), 0) < limit) {
            return false;
        }
        String last = term.state.failureReasons.get(d.id());
        LOG.warn("services: deployment {} of app {}: {} instances of the new version ended ({} last); rolling back",
                d.id(), d.appId(), limit, last);
        term.state.failureReasons.put(d.id(), "crash loop: " + limit + " instances of version "
                + d.target().get().version() + " ended unexpectedly; the last: " + last);
        rollBack(d);
        return true;
    }

    private void rollBack(Deployment d) {
        term.state.canaryReadySince.remove(d.id());
        Deployment rollback = commands.cancel(d.id(), false).map(AppCommands.Change::deployment).orElseThrow();
        drive(rollback);
    }

    private void keep(AppDefinition app) {
        long alive = term.instancesOf(app.id()).stream().filter(i -> !i.killing()).count();
        term.demand.put(app.id(), (int) Math.max(0, app.instances() - alive));
    }

    /** The instances as the step sees them: new ones of the target are ready once healthy and ready. */
    private List<InstanceView> views(Deployment d, AppDefinition app) {
        List<InstanceView> out = new ArrayList<>();
        for (Instance i : term.instancesOf(app.id())) {
            out.add(new InstanceView(i.taskId(), i.configVersion(), i.ready(app.hasHealthChecks())
                    && term.readiness.ready(d, app, i), i.killing(), i.stagedAt()));
        }
        return out;
    }

    /** Completes the current step; the deployment at its next step, empty when it is finished. */
    private Optional<Deployment> advance(Deployment d) {
        if (d.lastStep()) {
            finish(d);
            return Optional.empty();
        }
        term.state.canaryReadySince.remove(d.id());
        Deployment next = d.advanced();
        term.store.updateDeployment(next);
        term.state.deployments.put(next.id(), next);
        LOG.info("services: deployment {} of app {}: step {} {} done, now {}", d.id(), d.appId(),
                d.currentStep() + 1, d.action(), next.action());
        term.deploymentEvent("deployment_step_success", d);
        term.deploymentEvent("deployment_info", next);
        return Optional.of(next);
    }

    private void finish(Deployment d) {
        term.store.removeDeployment(d.id());
        term.state.deployments.remove(d.id());
        term.state.crashes.remove(d.id());
        term.state.failureReasons.remove(d.id());
        term.state.canaryReadySince.remove(d.id());
        LOG.info("services: deployment {} of app {} succeeded", d.id(), d.appId());
        term.deploymentEvent("deployment_step_success", d);
        term.deploymentEvent("deployment_success", d);
    }
}
