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
package org.agora.allocator.drf.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agora.api.resources.Resources;

/**
 * What one framework holds on one agent for one role (offered or used), per pool of the agent. The framework may
 * still be unknown while an agent re-registers before it (an orphan holding: it counts against the agent and its
 * role, and against the framework once it is added).
 */
final class Holding {
    /** One offer made out of this holding and not yet touched by a recovery: recovered whole, it is undone cheaply. */
    record Grant(Resources offered, Amounts[] parts) {
    }

    final AgentState agent;
    final String frameworkId;
    final RoleNode role;
    FrameworkState framework;
    Client client;
    /** What is held, by pool of the agent: frozen values, replaced (never changed) when the holding changes. */
    final Amounts[] held;
    // the first intact grant in fields (almost always the only one), further ones in a list
    private Resources firstOffered;
    private Amounts[] firstParts;
    private List<Grant> grants;

    Holding(AgentState agent, String frameworkId, RoleNode role, int pools) {
        this.agent = agent;
        this.frameworkId = frameworkId;
        this.role = role;
        this.held = new Amounts[pools];
        Arrays.fill(held, Amounts.EMPTY);
    }

    boolean isEmpty() {
        for (Amounts a : held) {
            if (!a.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    void addGrant(Resources offered, Amounts[] parts) {
        if (firstOffered == null) {
            firstOffered = offered;
            firstParts = parts;
            return;
        }
        if (grants == null) {
            grants = new ArrayList<>(2);
        }
        grants.add(new Grant(offered, parts));
    }

    /** The parts of the intact grant that offered exactly this object, which is forgotten; null when none. */
    Amounts[] takeGrant(Resources offered) {
        if (firstOffered == offered) {
            Amounts[] parts = firstParts;
            firstOffered = null;
            firstParts = null;
            return parts;
        }
        if (grants != null) {
            for (int i = 0; i < grants.size(); i++) {
                if (grants.get(i).offered() == offered) {
                    return grants.remove(i).parts();
                }
            }
        }
        return null;
    }

    /** After a partial recovery the grants no longer describe what is held. */
    void forgetGrants() {
        firstOffered = null;
        firstParts = null;
        grants = null;
    }
}
