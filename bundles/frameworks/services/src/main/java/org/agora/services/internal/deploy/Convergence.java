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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.KillSelection;

/**
 * Decides, from the instances that exist, what brings an app closer to its target version: how many instances of
 * the target to launch and which to kill. Scaling, rolling replacement and the steady state (replacing failed
 * instances) are the same rule, so a deployment picked up after a failover continues from whatever runs:
 * <ul>
 *   <li>old instances (another configuration than the target's) that are not ready are killed at once; ready ones
 *       only while the ready instances left stay at least {@link UpgradeMath#minHealthy};</li>
 *   <li>instances of the target beyond its count are killed, not-ready ones first, then by kill selection;</li>
 *   <li>new instances are launched up to the target's count, while all instances (those being killed included)
 *       stay within {@link UpgradeMath#maxCapacity};</li>
 *   <li>the app has converged when only the target's instances exist, as many as wanted, all ready.</li>
 * </ul>
 * Pure: no state, no I/O.
 */
public final class Convergence {
    private Convergence() {
    }

    /**
     * What to do next.
     *
     * @param launches  instances of the target to launch now
     * @param kills     task ids to kill now
     * @param converged true if nothing is left to do (the step is complete)
     */
    public record Decision(int launches, List<String> kills, boolean converged) {
        public Decision {
            kills = List.copyOf(kills);
        }
    }

    /**
     * @param target    the version the app should run
     * @param instances the app's non-terminal instances
     */
    public static Decision decide(AppDefinition target, List<InstanceView> instances) {
        String config = target.lastConfigChangeAt();
        int wanted = target.instances();
        List<InstanceView> old = new ArrayList<>();
        List<InstanceView> fresh = new ArrayList<>();
        for (InstanceView i : instances) {
            (i.configVersion().equals(config) ? fresh : old).add(i);
        }
        List<String> kills = new ArrayList<>();
        int total = instances.size();
        int aliveFresh = (int) fresh.stream().filter(i -> !i.killing()).count();
        int aliveOld = (int) old.stream().filter(i -> !i.killing()).count();

        // surplus instances of the target: not-ready ones first, then by kill selection
        List<InstanceView> surplus = fresh.stream().filter(i -> !i.killing()).sorted(killOrder(target)).toList();
        int surplusCount = Math.max(0, aliveFresh - wanted);
        for (int k = 0; k < surplusCount; k++) {
            kills.add(surplus.get(k).taskId());
        }
        aliveFresh -= surplusCount;

        int readyFresh = (int) fresh.stream().filter(i -> !i.killing() && i.ready()
                && !kills.contains(i.taskId())).count();
        int readyOld = (int) old.stream().filter(i -> !i.killing() && i.ready()).count();
        int minHealthy = UpgradeMath.minHealthy(wanted, target.upgradeStrategy());
        int ready = Math.min(readyFresh, wanted) + readyOld;
        for (InstanceView i : old.stream().filter(i -> !i.killing()).sorted(killOrder(target)).toList()) {
            if (!i.ready()) {
                kills.add(i.taskId());
                aliveOld--;
            } else if (ready - 1 >= minHealthy) {
                kills.add(i.taskId());
                aliveOld--;
                ready--;
            }
        }

        int maxCapacity = UpgradeMath.maxCapacity(wanted, target.upgradeStrategy(), aliveFresh + aliveOld);
        int freshNonTerminal = (int) fresh.stream().filter(i -> !i.killing()).count() - surplusCount;
        int launches = Math.max(0, Math.min(wanted - freshNonTerminal, maxCapacity - total));
        boolean converged = old.isEmpty() && fresh.size() == wanted && kills.isEmpty()
                && fresh.stream().allMatch(InstanceView::ready);
        return new Decision(launches, kills, converged);
    }

    /** Kill order: instances not ready first, then youngest or oldest first as the app says. */
    static Comparator<InstanceView> killOrder(AppDefinition app) {
        Comparator<InstanceView> byAge = Comparator.comparing(InstanceView::stagedAt);
        if (app.killSelection() == KillSelection.YOUNGEST_FIRST) {
            byAge = byAge.reversed();
        }
        return Comparator.comparing(InstanceView::ready).thenComparing(byAge);
    }
}
