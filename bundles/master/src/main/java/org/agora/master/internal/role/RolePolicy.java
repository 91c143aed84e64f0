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
package org.agora.master.internal.role;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.agora.api.allocator.Allocator;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;
import org.agora.api.v1.Protos.WeightInfo;
import org.agora.api.v1.quota.Protos.QuotaConfig;

/**
 * The operator's role policy: weights (UPDATE_WEIGHTS) and quotas (UPDATE_QUOTA). Checks a change whole before any
 * of it applies, so a refused call changes nothing. Actor thread only; persisting is the caller's job.
 */
public final class RolePolicy {
    private final Map<String, Double> weights = new TreeMap<>();
    private final Map<String, QuotaConfig> quotas = new TreeMap<>();

    /** Replaces everything with what the registry held. */
    public void recover(Map<String, Double> weights, List<QuotaConfig> quotas) {
        this.weights.clear();
        this.weights.putAll(weights);
        this.quotas.clear();
        quotas.forEach(q -> this.quotas.put(q.getRole(), q));
    }

    public Map<String, Double> weights() {
        return Map.copyOf(weights);
    }

    public List<QuotaConfig> quotas() {
        return List.copyOf(quotas.values());
    }

    /** Seeds an allocator with every weight and quota, as the SPI asks before frameworks and agents. */
    public void seed(Allocator allocator) {
        if (!weights.isEmpty()) {
            allocator.updateWeights(Map.copyOf(weights));
        }
        quotas.values().forEach(q -> allocator.updateQuota(q.getRole(), guarantees(q), limits(q)));
    }

    /**
     * Checks an UPDATE_WEIGHTS call and returns the weights it sets.
     *
     * @throws IllegalArgumentException naming the offending field
     */
    public static Map<String, Double> checkWeights(List<WeightInfo> infos) {
        Map<String, Double> update = new HashMap<>();
        for (int i = 0; i < infos.size(); i++) {
            WeightInfo w = infos.get(i);
            String field = "update_weights.weight_infos[" + i + "]";
            checkRole(field + ".role", w.getRole());
            if (!(w.getWeight() > 0) || Double.isInfinite(w.getWeight())) {
                throw new IllegalArgumentException(field + ".weight must be a positive finite number, got "
                        + w.getWeight());
            }
            if (update.put(w.getRole(), w.getWeight()) != null) {
                throw new IllegalArgumentException(field + ".role '" + w.getRole() + "' is listed twice");
            }
        }
        return update;
    }

    public void applyWeights(Map<String, Double> update) {
        weights.putAll(update);
    }

    /**
     * Checks an UPDATE_QUOTA call against the current quotas and, unless {@code force}, against the cluster's
     * capacity; returns the whole quota table as it would be after the call.
     *
     * @throws IllegalArgumentException naming the offending field
     */
    public Map<String, QuotaConfig> checkQuotas(List<QuotaConfig> configs, boolean force, Resources capacity) {
        Map<String, QuotaConfig> next = new TreeMap<>(quotas);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < configs.size(); i++) {
            QuotaConfig q = configs.get(i);
            String field = "update_quota.quota_configs[" + i + "]";
            checkRole(field + ".role", q.getRole());
            if (!seen.add(q.getRole())) {
                throw new IllegalArgumentException(field + ".role '" + q.getRole() + "' is listed twice");
            }
            checkAmounts(field + ".guarantees", q.getGuaranteesMap());
            checkAmounts(field + ".limits", q.getLimitsMap());
            q.getGuaranteesMap().forEach((name, g) -> {
                Value.Scalar limit = q.getLimitsMap().get(name);
                if (limit != null && g.getValue() > limit.getValue()) {
                    throw new IllegalArgumentException(field + ".guarantees['" + name + "'] " + g.getValue()
                            + " exceeds its limit " + limit.getValue());
                }
            });
            if (q.getGuaranteesCount() == 0 && q.getLimitsCount() == 0) {
                next.remove(q.getRole());
            } else {
                next.put(q.getRole(), q);
            }
        }
        checkHierarchy(next);
        if (!force) {
            Map<String, Double> guaranteed = new TreeMap<>();
            // top-level roles only: a child's guarantee lies within its parent's
            next.values().stream().filter(q -> next.keySet().stream().noneMatch(p -> isAncestor(p, q.getRole())))
                    .forEach(q -> q.getGuaranteesMap().forEach((name, v) -> guaranteed.merge(name, v.getValue(),
                            Double::sum)));
            guaranteed.forEach((name, total) -> {
                if (total > capacity.scalar(name) + 1e-9) {
                    throw new IllegalArgumentException("update_quota.quota_configs: total guarantees of '" + name
                            + "' (" + total + ") exceed the cluster's capacity (" + capacity.scalar(name)
                            + "); set 'force' to accept it anyway");
                }
            });
        }
        return next;
    }

    /** Makes {@code next} (from {@link #checkQuotas}) the quota table; returns the roles whose quota changed. */
    public List<QuotaConfig> applyQuotas(Map<String, QuotaConfig> next) {
        List<QuotaConfig> changed = changedQuotas(next);
        quotas.clear();
        quotas.putAll(next);
        return changed;
    }

    /**
     * What {@code next} changes, role by role: the new config of each role whose quota changed, and an empty config
     * (no guarantees, no limits) for each role whose quota {@code next} removes.
     */
    public List<QuotaConfig> changedQuotas(Map<String, QuotaConfig> next) {
        List<QuotaConfig> changed = new ArrayList<>();
        quotas.forEach((role, q) -> {
            if (!next.containsKey(role)) {
                changed.add(QuotaConfig.newBuilder().setRole(role).build());
            }
        });
        next.forEach((role, q) -> {
            if (!q.equals(quotas.get(role))) {
                changed.add(q);
            }
        });
        return changed;
    }

    /** A child's guarantees fit in its parent's; a child's limits never exceed its parent's. */
    private static void checkHierarchy(Map<String, QuotaConfig> table) {
        for (QuotaConfig parent : table.values()) {
            Map<String, Double> childGuarantees = new HashMap<>();
            for (QuotaConfig child : table.values()) {
                if (!isParent(parent.getRole(), child.getRole(), table)) {
                    continue;
                }
                child.getGuaranteesMap().forEach((n, v) -> childGuarantees.merge(n, v.getValue(), Double::sum));
                child.getLimitsMap().forEach((n, v) -> {
                    Value.Scalar pl = parent.getLimitsMap().get(n);
                    if (pl != null && v.getValue() > pl.getValue()) {
                        throw new IllegalArgumentException("limits['" + n + "'] of role '" + child.getRole() + "' ("
                                + v.getValue() + ") exceed those of its parent '" + parent.getRole() + "' ("
                                + pl.getValue() + ")");
                    }
                });
            }
            childGuarantees.forEach((n, sum) -> {
                double own = Optional.ofNullable(parent.getGuaranteesMap().get(n)).map(Value.Scalar::getValue)
                        .orElse(0.0);
                if (sum > own + 1e-9) {
                    throw new IllegalArgumentException("guarantees['" + n + "'] of the children of role '"
                            + parent.getRole() + "' (" + sum + ") exceed its own (" + own + ")");
                }
            });
        }
    }

    /** True when {@code parent} is the closest ancestor of {@code child} that has a quota. */
    private static boolean isParent(String parent, String child, Map<String, QuotaConfig> table) {
        if (!isAncestor(parent, child)) {
            return false;
        }
        return table.keySet().stream().noneMatch(r -> isAncestor(parent, r) && isAncestor(r, child));
    }

    static boolean isAncestor(String ancestor, String role) {
        return role.startsWith(ancestor + "/");
    }

    private static void checkRole(String field, String role) {
        if (role.equals("*")) {
            throw new IllegalArgumentException(field + " must name a role other than '*'");
        }
        RoleNames.validate(role).ifPresent(e -> {
            throw new IllegalArgumentException(field + " '" + role + "' is invalid: " + e);
        });
    }

    private static void checkAmounts(String field, Map<String, Value.Scalar> amounts) {
        amounts.forEach((name, v) -> {
            if (name.isEmpty()) {
                throw new IllegalArgumentException(field + " has an empty resource name");
            }
            if (!(v.getValue() >= 0) || Double.isInfinite(v.getValue())) {
                throw new IllegalArgumentException(field + "['" + name + "'] must be a non-negative finite number, "
                        + "got " + v.getValue());
            }
        });
    }

    /** The guarantees as unreserved scalars, as the allocator SPI takes them (a zero guarantee is none). */
    public static Resources guarantees(QuotaConfig q) {
        return scalars(q.getGuaranteesMap(), 0);
    }

    /**
     * The limits as the allocator SPI takes them. Resources cannot hold zero, and an absent name means unlimited,
     * so a zero limit becomes the smallest amount there is (0.001), which no task fits in.
     */
    public static Resources limits(QuotaConfig q) {
        return scalars(q.getLimitsMap(), 0.001);
    }

    private static Resources scalars(Map<String, Value.Scalar> amounts, double zeroAs) {
        Resources r = Resources.empty();
        for (var e : new TreeMap<>(amounts).entrySet()) {
            double v = e.getValue().getValue() > 0 ? e.getValue().getValue() : zeroAs;
            if (v > 0) {
                r = r.plus(Resource.newBuilder().setName(e.getKey()).setType(Value.Type.SCALAR)
                        .setScalar(Value.Scalar.newBuilder().setValue(v)).build());
            }
        }
        return r;
    }
}
