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

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.agora.api.v1.Protos.Attribute;
import org.agora.api.v1.Protos.Offer;
import org.agora.services.internal.app.Constraint;

/**
 * Marathon's placement constraints, checked against an offer's agent and where the app's instances already run.
 * A field is {@code hostname} or an agent attribute; an agent without the attribute meets only UNLIKE.
 */
final class Placement {
    private Placement() {
    }

    /** The {@code hostname} and attribute values of an agent, as constraints see them. */
    static Map<String, String> fields(Offer offer) {
        Map<String, String> f = new LinkedHashMap<>();
        for (Attribute a : offer.getAttributesList()) {
            f.put(a.getName(), switch (a.getType()) {
                case TEXT -> a.getText().getValue();
                case SCALAR -> trim(a.getScalar().getValue());
                case SET -> String.join(",", a.getSet().getItemList());
                default -> a.getRanges().getRangeList().stream().map(r -> "[" + r.getBegin() + "-" + r.getEnd() + "]")
                        .reduce((x, y) -> x + "," + y).orElse("");
            });
        }
        f.put("hostname", offer.getHostname());
        return f;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /**
     * Whether an instance may be placed on the agent.
     *
     * @param agent       the candidate agent's fields ({@link #fields})
     * @param placed      the fields of the agents of the app's instances (one entry per instance)
     * @param knownAgents the fields of every agent seen, for GROUP_BY's spread
     */
    static boolean allows(Collection<Constraint> constraints, Map<String, String> agent,
            Collection<Map<String, String>> placed, Collection<Map<String, String>> knownAgents) {
        return constraints.stream().allMatch(c -> allows(c, agent, placed, knownAgents));
    }

    static boolean allows(Constraint c, Map<String, String> agent, Collection<Map<String, String>> placed,
            Collection<Map<String, String>> knownAgents) {
        Optional<String> value = Optional.ofNullable(agent.get(c.field()));
        if (value.isEmpty()) {
            return c.operator() == Constraint.Operator.UNLIKE;
        }
        String v = value.get();
        Map<String, Integer> counts = new HashMap<>();
        for (Map<String, String> p : placed) {
            String pv = p.get(c.field());
            if (pv != null) {
                counts.merge(pv, 1, Integer::sum);
            }
        }
        int here = counts.getOrDefault(v, 0);
        return switch (c.operator()) {
            case UNIQUE -> here == 0;
            case CLUSTER -> c.value().filter(s -> !s.isEmpty()).map(v::equals)
                    .orElseGet(() -> counts.isEmpty() || counts.containsKey(v));
            case IS -> c.value().map(v::equals).orElse(false);
            case LIKE -> Pattern.matches(c.value().orElse(".*"), v);
            case UNLIKE -> !Pattern.matches(c.value().orElse(""), v);
            case MAX_PER -> here < Integer.parseInt(c.value().orElse("1"));
            case GROUP_BY -> {
                // spread evenly: only a value with the fewest instances takes the next one
                int fewest = here;
                for (Map<String, String> k : knownAgents) {
                    String kv = k.get(c.field());
                    if (kv != null) {
                        fewest = Math.min(fewest, counts.getOrDefault(kv, 0));
                    }
                }
                yield here <= fewest;
            }
        };
    }
}
