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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.Canary;
import org.agora.services.internal.deploy.Deployment;
import org.agora.services.internal.instance.Instance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Beyond Marathon: the {@code CanaryApplication} step of a deployment. It asks for the canary instances of the
 * target (on top of the old instances, which it leaves alone), watches them, and says when the step is over: the
 * canaries held (all ready for {@code holdSeconds}; with manual promotion also promoted), or one failed (it turned
 * unhealthy, or ended without being killed by the scheduler). When the canaries have been ready since is kept in
 * memory: a new leader starts the hold again. Actor-confined.
 */
final class CanaryStep {
    private static final Logger LOG = LoggerFactory.getLogger(CanaryStep.class);

    /** What the step says after a look at the canaries. */
    sealed interface Verdict permits Hold, Promote, Fail {
    }

    /** Not over: canaries to launch or not held yet. */
    record Hold() implements Verdict {
    }

    /** The canaries held (and were promoted where that is manual): the rolling replacement may go on. */
    record Promote() implements Verdict {
    }

    /** A canary failed: the deployment is to be rolled back, for {@code reason}. */
    record Fail(String reason) implements Verdict {
    }

    private final Term term;

    CanaryStep(Term term) {
        this.term = term;
    }

    /** One look at the canaries of {@code d}, whose current step is the canary step; sets the app's demand. */
    Verdict check(Deployment d) {
        AppDefinition target = d.target().orElseThrow();
        Canary canary = target.upgradeStrategy().canary().orElseThrow();
        int wanted = Math.min(canary.instances(), target.instances());
        List<Instance> canaries = canaries(target);
        String crashed = term.state.crashes.getOrDefault(d.id(), 0) > 0 ? term.state.failureReasons.get(d.id())
                : null;
        if (crashed != null) {
            return new Fail("canary step: " + crashed);
        }
        for (Instance i : canaries) {
            if (i.health().alive().equals(Optional.of(false))) {
                return new Fail("canary step: instance " + i.taskId() + " on " + i.host() + " is unhealthy");
            }
        }
        term.demand.put(target.id(), Math.max(0, wanted - canaries.size()));
        term.readiness.check(d, target);
        Map<String, Instant> since = term.state.canaryReadySince;
        if (canaries.size() < wanted || !canaries.stream().allMatch(i -> ready(d, target, i))) {
            since.remove(d.id());
            return new Hold();
        }
        Instant now = term.now();
        if (!since.containsKey(d.id())) {
            since.put(d.id(), now);
            LOG.info("services: deployment {} of app {}: {} canaries ready, holding {} s", d.id(), d.appId(),
                    wanted, canary.holdSeconds());
        }
        boolean held = !now.isBefore(since.get(d.id()).plusSeconds(canary.holdSeconds()));
        if (held && canary.promote() == Canary.Promote.AUTO) {
            return new Promote();
        }
        return new Hold();
    }

    /**
     * Whether an operator may promote {@code d} now: its canaries are all ready (the hold may be cut short).
     *
     * @return empty if it may, else why not
     */
    Optional<String> unpromotable(Deployment d) {
        AppDefinition target = d.target().orElseThrow();
        int wanted = Math.min(target.upgradeStrategy().canary().orElseThrow().instances(), target.instances());
        long ready = canaries(target).stream().filter(i -> ready(d, target, i)).count();
        if (ready < wanted) {
            return Optional.of("deployment " + d.id() + ": " + ready + " of " + wanted + " canaries are ready");
        }
        return Optional.empty();
    }

    /** The {@code canary} entry of the deployment's current action in {@code /v2/deployments}. */
    Map<String, Object> status(Deployment d) {
        AppDefinition target = d.target().orElseThrow();
        Canary canary = target.upgradeStrategy().canary().orElseThrow();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instances", Math.min(canary.instances(), target.instances()));
        m.put("ready", canaries(target).stream().filter(i -> ready(d, target, i)).count());
        m.put("holdSeconds", canary.holdSeconds());
        m.put("readySince", Optional.ofNullable(term.state.canaryReadySince.get(d.id())).map(Instant::toString)
                .orElse(null));
        m.put("promote", canary.promote().name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }

    /** Running, healthy when health-checked, and ready when readiness-checked. */
    private boolean ready(Deployment d, AppDefinition target, Instance i) {
        return i.ready(target.hasHealthChecks()) && term.readiness.ready(d, target, i);
    }

    private List<Instance> canaries(AppDefinition target) {
        return term.instancesOf(target.id()).stream()
                .filter(i -> !i.killing() && i.configVersion().equals(target.lastConfigChangeAt())).toList();
    }
}
