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
package org.agora.services.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.agora.services.internal.TestApps;
import org.agora.services.internal.app.AppDefinition;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link Convergence} through whole deployments against a simulated cluster in which launched instances
 * become ready (healthy) one round later and killed ones disappear one round later, checking Marathon's bounds at
 * every round.
 */
class ConvergenceTest {

    /** The simulated cluster: what exists, and the bounds seen. */
    private static final class Cluster {
        final List<InstanceView> instances = new ArrayList<>();
        int next;
        int minReady = Integer.MAX_VALUE;
        int maxTotal;
        int rounds;

        void add(String config, boolean ready) {
            instances.add(new InstanceView("t" + next, config, ready, false, Instant.ofEpochSecond(next)));
            next++;
        }

        /** Runs rounds until converged; healthy says whether new instances ever pass their health check. */
        boolean run(AppDefinition target, boolean healthy, int maxRounds) {
            for (rounds = 0; rounds < maxRounds; rounds++) {
                Convergence.Decision d = Convergence.decide(target, List.copyOf(instances));
                if (d.converged()) {
                    return true;
                }
                // the agent's answers to the last round: kills done, launched instances healthy (or not)
                instances.removeIf(InstanceView::killing);
                instances.replaceAll(i -> new InstanceView(i.taskId(), i.configVersion(),
                        i.ready() || (healthy && i.configVersion().equals(target.lastConfigChangeAt())), false,
                        i.stagedAt()));
                instances.replaceAll(i -> d.kills().contains(i.taskId())
                        ? new InstanceView(i.taskId(), i.configVersion(), i.ready(), true, i.stagedAt()) : i);
                for (int k = 0; k < d.launches(); k++) {
                    add(target.lastConfigChangeAt(), false);
                }
                minReady = Math.min(minReady, (int) instances.stream().filter(i -> i.ready() && !i.killing())
                        .count());
                maxTotal = Math.max(maxTotal, instances.size());
            }
            return false;
        }
    }

    private static AppDefinition web(String version, int instances, double min, double over) {
        return TestApps.app("{\"id\": \"/web\", \"cmd\": \"x\", \"instances\": " + instances
                + ", \"upgradeStrategy\": {\"minimumHealthCapacity\": " + min + ", \"maximumOverCapacity\": "
                + over + "}}", version);
    }

    @Test
    void rollingUpgradeKeepsMinimumHealthyAndMaximumCapacity() {
        Cluster c = new Cluster();
        for (int i = 0; i < 3; i++) {
            c.add("v1", true);
        }
        assertThat(c.run(web("v2", 3, 1.0, 0.34), true, 50)).isTrue();
        assertThat(c.instances).allMatch(i -> i.configVersion().equals("v2")).hasSize(3);
        assertThat(c.minReady).isGreaterThanOrEqualTo(3);
        assertThat(c.maxTotal).isLessThanOrEqualTo(4);
    }

    @Test
    void halfCapacityReplacesSeveralAtOnce() {
        Cluster c = new Cluster();
        for (int i = 0; i < 10; i++) {
            c.add("v1", true);
        }
        assertThat(c.run(web("v2", 10, 0.5, 0.0), true, 50)).isTrue();
        assertThat(c.minReady).isGreaterThanOrEqualTo(5);
        assertThat(c.maxTotal).isLessThanOrEqualTo(10);
        assertThat(c.rounds).isLessThan(10);
    }

    @Test
    void boundsThatMeetStillMakeProgress() {
        Cluster c = new Cluster();
        for (int i = 0; i < 3; i++) {
            c.add("v1", true);
        }
        assertThat(c.run(web("v2", 3, 1.0, 0.0), true, 50)).isTrue();
        assertThat(c.minReady).isGreaterThanOrEqualTo(3);
        assertThat(c.maxTotal).isLessThanOrEqualTo(4);
    }

    @Test
    void anUnhealthyNewVersionNeverTakesTheOldOnesDown() {
        Cluster c = new Cluster();
        for (int i = 0; i < 3; i++) {
            c.add("v1", true);
        }
        assertThat(c.run(web("v2", 3, 1.0, 0.34), false, 30)).isFalse();
        assertThat(c.instances.stream().filter(i -> i.configVersion().equals("v1"))).hasSize(3);
        assertThat(c.instances).hasSize(4);
    }

    @Test
    void scalingDownKillsTheSurplusYoungestFirst() {
        Cluster c = new Cluster();
        for (int i = 0; i < 3; i++) {
            c.add("v1", true);
        }
        Convergence.Decision d = Convergence.decide(web("v1", 1, 1.0, 1.0), c.instances);
        assertThat(d.kills()).containsExactly("t2", "t1");
        assertThat(d.launches()).isZero();
        assertThat(d.converged()).isFalse();
    }

    @Test
    void scalingUpLaunchesTheMissingInstances() {
        Convergence.Decision d = Convergence.decide(web("v1", 4, 1.0, 1.0), List.of());
        assertThat(d.launches()).isEqualTo(4);
    }
}
