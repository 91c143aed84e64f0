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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.agora.api.resources.Resources;
import org.junit.jupiter.api.Test;

class QuotaTest {
    private final Cluster c = new Cluster();

    private void quota(String role, String guarantees, String limits) {
        c.allocator.updateQuota(role, Resources.parse(guarantees), Resources.parse(limits));
    }

    @Test
    void anUnsatisfiedGuaranteeIsKeptAsHeadroomFromRolesThatAskedFirst() {
        quota("prod", "cpus:16;mem:16384", "");
        c.agents(10, "cpus:4;mem:4096");
        c.framework("greedy", "batch");
        c.allocate();
        assertThat(c.holds("greedy", "cpus")).isEqualTo(24.0);

        // the greedy framework gives everything back: still only what is beyond the headroom
        c.offers.forEach(o -> c.decline(o, 0));
        c.allocate();
        assertThat(c.holds("greedy", "cpus")).isEqualTo(24.0);

        c.framework("prod-fw", "prod");
        c.allocate();
        assertThat(c.holds("prod-fw", "cpus")).isEqualTo(16.0);
    }

    @Test
    void aGuaranteeIsMetBeforeFairSharesEvenWhenItExceedsThem() {
        quota("prod", "cpus:28;mem:28672", "");
        c.framework("a-fw", "a");
        c.framework("b-fw", "b");
        c.framework("prod-fw", "prod");
        c.agents(10, "cpus:4;mem:4096");
        c.allocate();
        // DRF alone would give prod a third; its guarantee is seven agents
        assertThat(c.holds("prod-fw", "cpus")).isEqualTo(28.0);
        assertThat(c.holds("a-fw", "cpus") + c.holds("b-fw", "cpus")).isEqualTo(12.0);
    }

    @Test
    void aGuaranteeOnAParentRoleIsMetThroughItsSubRoles() {
        quota("eng", "cpus:20;mem:20480", "");
        c.framework("other", "a");
        c.framework("web", "eng/web");
        c.agents(10, "cpus:4;mem:4096");
        c.allocate();
        assertThat(c.roleHolds("eng", "cpus")).isEqualTo(20.0);
    }

    @Test
    void aLimitIsNeverExceededOverManyCycles() {
        quota("capped", "", "cpus:6");
        c.framework("capped-fw", "capped");
        c.framework("other", "other");
        c.agents(4, "cpus:4;mem:1024");
        for (int round = 0; round < 5; round++) {
            c.allocate();
            assertThat(c.roleHolds("capped", "cpus")).isLessThanOrEqualTo(6.0);
            c.offers.forEach(o -> c.decline(o, 0));
        }
        c.allocate();
        assertThat(c.roleHolds("capped", "cpus")).isEqualTo(6.0);
        assertThat(c.roleHolds("other", "cpus")).isEqualTo(10.0);
    }

    @Test
    void aLimitCoversTheRolesSubRoles() {
        quota("eng", "", "cpus:5");
        c.framework("a", "eng/a");
        c.framework("b", "eng/b");
        c.agents(4, "cpus:2;mem:1024");
        c.allocate();
        assertThat(c.roleHolds("eng", "cpus")).isEqualTo(5.0);
    }

    @Test
    void reservationsCountTowardsTheLimit() {
        quota("eng", "", "cpus:4");
        c.framework("eng-fw", "eng");
        c.agent("r", "cpus(eng):2;mem(eng):512");
        c.agents(3, "cpus:2;mem:1024");
        c.allocate();
        // its reservation (2) plus 2 unreserved: never more than the limit of 4
        assertThat(c.roleHolds("eng", "cpus")).isEqualTo(4.0);
    }

    @Test
    void freedResourcesUnderALimitGoToTheLimitedRoleAgain() {
        quota("capped", "", "cpus:4");
        c.framework("capped-fw", "capped");
        c.agents(2, "cpus:4;mem:1024");
        c.allocate();
        assertThat(c.roleHolds("capped", "cpus")).isEqualTo(4.0);
        Cluster.Offer held = c.offers.get(0);
        c.decline(held, 0);
        c.allocate();
        assertThat(c.roleHolds("capped", "cpus")).isEqualTo(4.0);
    }

    @Test
    void removingQuotaLiftsTheLimit() {
        quota("capped", "", "cpus:4");
        c.framework("capped-fw", "capped");
        c.agents(2, "cpus:4;mem:1024");
        c.allocate();
        c.allocator.updateQuota("capped", Resources.empty(), Resources.empty());
        c.allocate();
        assertThat(c.roleHolds("capped", "cpus")).isEqualTo(8.0);
    }

    @Test
    void aGuaranteeAboveItsLimitIsRefused() {
        assertThatThrownBy(() -> quota("r", "cpus:4", "cpus:2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpus");
        assertThatThrownBy(() -> quota("r", "ports:[1-2]", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a scalar");
    }

    @Test
    void quotaMetricsAreReported() {
        quota("prod", "cpus:8", "cpus:12");
        c.framework("prod-fw", "prod");
        c.agents(4, "cpus:4;mem:4096");
        c.allocate();
        var m = c.allocator.metrics();
        assertThat(m).containsEntry("quota/roles/prod/resources/cpus/guarantee", 8.0)
                .containsEntry("quota/roles/prod/resources/cpus/limit", 12.0)
                .containsEntry("quota/roles/prod/resources/cpus/consumed", 12.0);
    }
}
