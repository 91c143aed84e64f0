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

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.services.internal.app.Constraint;
import org.agora.services.internal.app.Constraint.Operator;
import org.junit.jupiter.api.Test;

class PlacementTest {
    private static final Map<String, String> A = Map.of("hostname", "a", "rack", "r1");
    private static final Map<String, String> B = Map.of("hostname", "b", "rack", "r2");

    private static Constraint c(String field, Operator op, String value) {
        return new Constraint(field, op, Optional.ofNullable(value));
    }

    @Test
    void uniqueHostnameNeverPlacesTwoOnOneAgent() {
        Constraint unique = c("hostname", Operator.UNIQUE, null);
        assertThat(Placement.allows(unique, A, List.of(), List.of(A, B))).isTrue();
        assertThat(Placement.allows(unique, A, List.of(A), List.of(A, B))).isFalse();
        assertThat(Placement.allows(unique, B, List.of(A), List.of(A, B))).isTrue();
    }

    @Test
    void maxPerCountsInstancesPerValue() {
        Constraint max = c("rack", Operator.MAX_PER, "2");
        assertThat(Placement.allows(max, A, List.of(A), List.of(A, B))).isTrue();
        assertThat(Placement.allows(max, A, List.of(A, A), List.of(A, B))).isFalse();
    }

    @Test
    void likeUnlikeIsAndClusterMatchValues() {
        assertThat(Placement.allows(c("hostname", Operator.LIKE, "[ab]"), A, List.of(), List.of())).isTrue();
        assertThat(Placement.allows(c("hostname", Operator.UNLIKE, "a"), A, List.of(), List.of())).isFalse();
        assertThat(Placement.allows(c("rack", Operator.IS, "r2"), B, List.of(), List.of())).isTrue();
        assertThat(Placement.allows(c("rack", Operator.CLUSTER, "r1"), B, List.of(), List.of())).isFalse();
        assertThat(Placement.allows(c("zone", Operator.LIKE, ".*"), A, List.of(), List.of())).isFalse();
        assertThat(Placement.allows(c("zone", Operator.UNLIKE, "x"), A, List.of(), List.of())).isTrue();
    }

    @Test
    void groupBySpreadsEvenly() {
        Constraint group = c("rack", Operator.GROUP_BY, null);
        assertThat(Placement.allows(group, A, List.of(A), List.of(A, B))).isFalse();
        assertThat(Placement.allows(group, B, List.of(A), List.of(A, B))).isTrue();
        assertThat(Placement.allows(group, A, List.of(A, B), List.of(A, B))).isTrue();
    }
}
