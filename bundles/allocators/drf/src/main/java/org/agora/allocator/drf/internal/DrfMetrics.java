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

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The allocator's figures under Mesos's names (the master prefixes {@code allocator/<name>/}): allocation runs and
 * their duration percentiles, per resource the cluster total and what is offered or allocated, per role its
 * dominant share (unweighted) and active refusal filters, per role with quota its guarantee, limit and consumption.
 */
final class DrfMetrics {
    private final NameIndex names;
    private final Ledger ledger;
    private final RoleTree tree;
    private final QuotaBook quotas;
    private final OfferFilters filters;

    DrfMetrics(NameIndex names, Ledger ledger, RoleTree tree, QuotaBook quotas, OfferFilters filters) {
        this.names = names;
        this.ledger = ledger;
        this.tree = tree;
        this.quotas = quotas;
        this.filters = filters;
    }

    Map<String, Double> snapshot(RunStats stats, int agents, int frameworks, long now) {
        Map<String, Double> m = new LinkedHashMap<>();
        stats.into(m);
        m.put("agents", (double) agents);
        m.put("frameworks", (double) frameworks);
        for (int i = 0; i < names.size(); i++) {
            String name = names.name(i);
            m.put("resources/" + name + "/total", ledger.total.get(i) / 1000.0);
            m.put("resources/" + name + "/offered_or_allocated", ledger.allocated.get(i) / 1000.0);
        }
        Map<String, RoleNode> roles = new TreeMap<>();
        tree.nodes().forEach(n -> roles.put(n.role, n));
        Map<String, Integer> activeFilters = new HashMap<>();
        filters.live(now).forEach(e -> activeFilters.merge(e.role.role, 1, Integer::sum));
        roles.forEach((role, n) -> {
            m.put("roles/" + role + "/shares/dominant", ledger.dominantShare(n.alloc));
            m.put("offer_filters/roles/" + role + "/active", (double) activeFilters.getOrDefault(role, 0));
        });
        quotas.all().forEach((role, q) -> {
            RoleNode n = tree.find(role);
            for (int i = 0; i < names.size(); i++) {
                String base = "quota/roles/" + role + "/resources/" + names.name(i) + "/";
                if (q.guarantee(i) > 0) {
                    m.put(base + "guarantee", q.guarantee(i) / 1000.0);
                }
                if (q.limit(i) != Long.MAX_VALUE) {
                    m.put(base + "limit", q.limit(i) / 1000.0);
                }
                if (q.guarantee(i) > 0 || q.limit(i) != Long.MAX_VALUE) {
                    m.put(base + "consumed", n.consumed(i) / 1000.0);
                    m.put(base + "offered_or_allocated", n.alloc.get(i) / 1000.0);
                }
            }
        });
        return m;
    }
}
