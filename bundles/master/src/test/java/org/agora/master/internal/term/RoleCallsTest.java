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
package org.agora.master.internal.term;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;
import org.agora.api.v1.Protos.WeightInfo;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.master.internal.registry.RegistryException;
import org.agora.master.internal.role.RoleCalls;
import org.agora.master.internal.term.TermFixture.FakeAgentChannel;
import org.agora.master.internal.term.TermFixture.FakeScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Weights, quota and reservations: checked, written to the registry, and only then applied. */
class RoleCallsTest {
    private final ControlledRegistry registry = new ControlledRegistry();
    private final TermFixture fixture = new TermFixture(registry, Map.of());

    @AfterEach
    void close() {
        fixture.close();
    }

    private RoleCalls roles() {
        return fixture.term.roles();
    }

    private static WeightInfo weight(String role, double w) {
        return WeightInfo.newBuilder().setRole(role).setWeight(w).build();
    }

    private static QuotaConfig guarantee(String role, double cpus) {
        return QuotaConfig.newBuilder().setRole(role).putGuarantees("cpus", Value.Scalar.newBuilder()
                .setValue(cpus).build()).build();
    }

    private <T> CompletableFuture<T> call(java.util.function.Supplier<CompletionStage<T>> call) {
        CompletableFuture<T> stage = fixture.on(call).toCompletableFuture();
        fixture.settle();
        return stage;
    }

    private static Throwable failure(CompletableFuture<?> stage) throws Exception {
        try {
            stage.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void weightsApplyOnlyOnceTheRegistryHoldsThem() throws Exception {
        registry.holding = true;
        CompletableFuture<Void> stage = call(() -> roles().updateWeights(List.of(weight("a", 2))));

        assertThat(stage).isNotDone();
        assertThat(fixture.on(() -> fixture.term.policy().weights())).isEmpty();
        assertThat(registry.delegate.recover().toCompletableFuture().join().weights()).isEmpty();

        registry.releaseAll();
        stage.get(5, TimeUnit.SECONDS);
        fixture.settle();
        assertThat(fixture.on(() -> fixture.term.policy().weights())).containsEntry("a", 2.0);
        assertThat(registry.delegate.recover().toCompletableFuture().join().weights()).containsEntry("a", 2.0);
    }

    @Test
    void aFailedRegistryWriteChangesNothingAndFailsTheCall() throws Exception {
        fixture.agent("node1", "cpus:4;mem:1024");
        registry.failing = true;

        Throwable weights = failure(call(() -> roles().updateWeights(List.of(weight("a", 2)))));
        Throwable quota = failure(call(() -> roles().updateQuota(List.of(guarantee("a", 1)), false)));

        assertThat(weights).isInstanceOf(RegistryException.class);
        assertThat(quota).isInstanceOf(RegistryException.class);
        assertThat(fixture.on(() -> fixture.term.policy().weights())).isEmpty();
        assertThat(fixture.on(() -> fixture.term.policy().quotas())).isEmpty();
    }

    @Test
    void aCallChangingMoreEntriesThanOneWriteMayCarryIsRefusedBeforeAnyWrite() {
        List<WeightInfo> many = new ArrayList<>();
        for (int i = 0; i <= RoleCalls.MAX_ENTRIES_PER_CALL; i++) {
            many.add(weight("r" + i, 1));
        }
        int writesBefore = registry.writes;

        assertThatThrownBy(() -> fixture.on(() -> roles().updateWeights(many)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("update_weights.weight_infos has 1001 entries; at most 1000 may be changed in one call");
        assertThat(registry.writes).isEqualTo(writesBefore);
    }

    @Test
    void quotaCallsInFlightAreCheckedOneAfterTheOther() throws Exception {
        fixture.agent("node1", "cpus:2;mem:1024");
        registry.holding = true;

        CompletableFuture<Void> first = call(() -> roles().updateQuota(List.of(guarantee("a", 1.5)), false));
        CompletableFuture<Void> second = call(() -> roles().updateQuota(List.of(guarantee("b", 1.5)), false));
        assertThat(registry.heldWrites()).as("the second waits for the first to land").isEqualTo(1);
        registry.releaseAll();
        first.get(5, TimeUnit.SECONDS);

        assertThat(failure(second)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceed the cluster's capacity");
        assertThat(fixture.on(() -> fixture.term.policy().quotas())).extracting(QuotaConfig::getRole)
                .containsExactly("a");
    }

    @Test
    void anOperatorReservationKeepsTheAgentOutOfOffersUntilItIsPersisted() throws Exception {
        FakeAgentChannel agent = fixture.agent("node1", "cpus:2;mem:1024");
        FakeScheduler scheduler = fixture.scheduler(TermFixture.framework("f").clearRoles().addRoles("web"));
        List<Resource> reserve = Resources.parse("cpus:1").toList().stream().map(r -> r.toBuilder()
                .addReservations(Resource.ReservationInfo.newBuilder()
                        .setType(Resource.ReservationInfo.Type.DYNAMIC).setRole("web")).build()).toList();
        registry.holding = true;

        CompletableFuture<Void> stage = call(() -> roles().reserve(agent.id(), reserve, List.of()));
        int offersBefore = scheduler.offers().size();
        fixture.allocate();
        assertThat(scheduler.offers()).as("nothing of the agent is offered while the write is in flight")
                .hasSize(offersBefore);

        registry.releaseAll();
        stage.get(5, TimeUnit.SECONDS);
        fixture.allocate();
        Resources offered = Resources.of(scheduler.lastOffer().getResourcesList());
        assertThat(offered.reserved("web").scalar("cpus")).isEqualTo(1.0);
        assertThat(registry.delegate.recover().toCompletableFuture().join().reservations())
                .containsKey(agent.id().getValue());
    }
}
