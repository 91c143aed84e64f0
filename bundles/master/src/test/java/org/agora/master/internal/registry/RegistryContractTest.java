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
package org.agora.master.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.agora.api.registry.RegistryProtos.Maintenance;
import org.agora.api.v1.Protos.DurationInfo;
import org.agora.api.v1.Protos.MachineID;
import org.agora.api.v1.Protos.TimeInfo;
import org.agora.api.v1.Protos.Unavailability;
import org.agora.api.v1.maintenance.Protos.Schedule;
import org.agora.api.v1.maintenance.Protos.Window;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Attribute;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.junit.jupiter.api.Test;

/**
 * The {@link Registry} contract, run against every implementation: what one term writes the next recovers, per-role
 * weights and quotas, fencing of an ended term, the limits, argument checks and the cluster name.
 */
abstract class RegistryContractTest {

    /** The registry of the first term over a fresh, empty store, for a master of cluster {@code clusterName}. */
    abstract Registry firstTerm(String clusterName);

    /** The registry of the next term over the same store; the previous term has ended. */
    abstract Registry nextTerm(String clusterName);

    Registry recovered(Registry registry) {
        join(registry.recover());
        return registry;
    }

    RegistryState recoverNextTerm() {
        return join(nextTerm("test").recover());
    }

    static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    /** What the stage failed with (unwrapped). */
    static Throwable failure(CompletionStage<?> stage) {
        Throwable t = catchThrowable(() -> stage.toCompletableFuture().join());
        assertThat(t).as("the stage should have failed").isInstanceOf(CompletionException.class);
        return t.getCause();
    }

    static AgentID id(String id) {
        return AgentID.newBuilder().setValue(id).build();
    }

    static AgentInfo agent(String id) {
        return AgentInfo.newBuilder().setHostname("h-" + id).setPort(5051).setId(id(id))
                .addAllResources(Resources.parse("cpus:1;mem:512").toList()).build();
    }

    static List<Resource> reserved(String role) {
        return List.of(Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(1))
                .addReservations(Resource.ReservationInfo.newBuilder()
                        .setType(Resource.ReservationInfo.Type.DYNAMIC).setRole(role))
                .build());
    }

    static QuotaConfig quota(String role, double cpus) {
        return QuotaConfig.newBuilder().setRole(role)
                .putGuarantees("cpus", Value.Scalar.newBuilder().setValue(cpus).build())
                .putLimits("cpus", Value.Scalar.newBuilder().setValue(cpus * 2).build()).build();
    }

    static QuotaConfig noQuota(String role) {
        return QuotaConfig.newBuilder().setRole(role).build();
    }

    static Map<String, Double> manyWeights(int count) {
        Map<String, Double> weights = new HashMap<>();
        for (int i = 0; i < count; i++) {
            weights.put("team-" + i + "/service", 1.5);
        }
        return weights;
    }

    @Test
    void aFreshRegistryRecoversEmpty() {
        RegistryState state = join(firstTerm("test").recover());

        assertThat(state.admitted()).isEmpty();
        assertThat(state.unreachable()).isEmpty();
        assertThat(state.gone()).isEmpty();
        assertThat(state.weights()).isEmpty();
        assertThat(state.quotas()).isEmpty();
        assertThat(state.reservations()).isEmpty();
    }

    @Test
    void whatOneTermWritesTheNextRecovers() {
        Registry r = recovered(firstTerm("test"));
        Instant lost = Instant.ofEpochMilli(1_795_000_000_123L);
        Instant goneAt = Instant.ofEpochMilli(1_795_000_100_456L);
        join(r.admit(agent("a")));
        join(r.admit(agent("b")));
        join(r.admit(agent("c")));
        join(r.markUnreachable(id("b"), lost));
        join(r.markGone(id("c"), goneAt));
        join(r.saveReservations(id("a"), reserved("eng/ml")));
        join(r.updateWeights(Map.of("eng", 2.0, "eng/ml.batch", 0.5, "ops/a b/%x", 3.0)));
        join(r.updateQuotas(List.of(quota("eng", 4), quota("eng/ml.batch", 1))));

        RegistryState state = recoverNextTerm();

        assertThat(state.admitted()).containsExactly(agent("a"), agent("b"));
        assertThat(state.unreachable()).containsExactly(Map.entry("b", lost));
        assertThat(state.gone()).containsExactly(Map.entry("c", goneAt));
        assertThat(state.reservations()).containsExactly(Map.entry("a", reserved("eng/ml")));
        assertThat(state.weights()).containsOnly(Map.entry("eng", 2.0), Map.entry("eng/ml.batch", 0.5),
                Map.entry("ops/a b/%x", 3.0));
        assertThat(state.quotas()).containsExactly(quota("eng", 4), quota("eng/ml.batch", 1));
    }

    @Test
    void theMaintenanceScheduleAndDownMachinesAreRecoveredAndDowningRemovesTheAgentsInTheSameWrite() {
        Registry r = recovered(firstTerm("test"));
        join(r.admit(agent("a")));
        join(r.admit(agent("b")));
        join(r.saveReservations(id("a"), reserved("eng")));
        MachineID host1 = MachineID.newBuilder().setHostname("host1").setIp("10.0.0.1").build();
        MachineID host2 = MachineID.newBuilder().setHostname("host2").setIp("10.0.0.2").build();
        Schedule schedule = Schedule.newBuilder().addWindows(Window.newBuilder().addMachineIds(host1)
                .addMachineIds(host2).setUnavailability(Unavailability.newBuilder()
                        .setStart(TimeInfo.newBuilder().setNanoseconds(1_795_000_000_000_000_000L))
                        .setDuration(DurationInfo.newBuilder().setNanoseconds(3_600_000_000_000L)))).build();
        join(r.saveMaintenance(Maintenance.newBuilder().setSchedule(schedule).build(), List.of()));
        assertThat(recoverNextTerm().maintenance().getSchedule()).isEqualTo(schedule);

        Registry next = recovered(nextTerm("test"));
        Maintenance down = Maintenance.newBuilder().setSchedule(schedule).addDownMachines(host1).build();
        join(next.saveMaintenance(down, List.of(id("a"))));
        RegistryState state = recoverNextTerm();

        assertThat(state.maintenance()).isEqualTo(down);
        assertThat(state.admitted()).containsExactly(agent("b"));
        assertThat(state.reservations()).isEmpty();
    }

    @Test
    void aRegistryWithoutMaintenanceRecoversAnEmptySchedule() {
        assertThat(join(firstTerm("test").recover()).maintenance()).isEqualTo(Maintenance.getDefaultInstance());
    }

    @Test
    void readmittingAnAgentClearsItsUnreachableMark() {
        Registry r = recovered(firstTerm("test"));
        join(r.admit(agent("a")));
        join(r.markUnreachable(id("a"), Instant.ofEpochMilli(5)));
        join(r.admit(agent("a").toBuilder().setHostname("moved").build()));

        RegistryState state = recoverNextTerm();

        assertThat(state.unreachable()).isEmpty();
        assertThat(state.admitted()).extracting(AgentInfo::getHostname).containsExactly("moved");
    }

    @Test
    void markGoneForgetsTheAdmissionAndReservationsButRemembersTheAgentIsGone() {
        Registry r = recovered(firstTerm("test"));
        join(r.admit(agent("a")));
        join(r.markUnreachable(id("a"), Instant.ofEpochMilli(5)));
        join(r.saveReservations(id("a"), reserved("eng")));
        join(r.markGone(id("a"), Instant.ofEpochMilli(9)));

        RegistryState state = recoverNextTerm();

        assertThat(state.admitted()).isEmpty();
        assertThat(state.unreachable()).isEmpty();
        assertThat(state.reservations()).isEmpty();
        assertThat(state.gone()).containsExactly(Map.entry("a", Instant.ofEpochMilli(9)));
    }

    @Test
    void removeForgetsEverythingAboutAnAgentIncludingThatItIsGone() {
        Registry r = recovered(firstTerm("test"));
        join(r.admit(agent("a")));
        join(r.saveReservations(id("a"), reserved("eng")));
        join(r.markUnreachable(id("a"), Instant.ofEpochMilli(5)));
        join(r.markGone(id("b"), Instant.ofEpochMilli(6)));
        join(r.remove(id("a")));
        join(r.remove(id("b")));
        join(r.remove(id("never-seen")));

        RegistryState state = recoverNextTerm();

        assertThat(state.admitted()).isEmpty();
        assertThat(state.unreachable()).isEmpty();
        assertThat(state.reservations()).isEmpty();
        assertThat(state.gone()).isEmpty();
    }

    @Test
    void emptyReservationsRemoveTheRecord() {
        Registry r = recovered(firstTerm("test"));
        join(r.saveReservations(id("a"), reserved("eng")));
        join(r.saveReservations(id("a"), List.of()));

        assertThat(recoverNextTerm().reservations()).isEmpty();
    }

    @Test
    void weightsAndQuotasChangeOnlyTheRolesGivenAndAnEmptyQuotaRemovesOne() {
        Registry r = recovered(firstTerm("test"));
        join(r.updateWeights(Map.of("a", 2.0, "b", 3.0)));
        join(r.updateQuotas(List.of(quota("a", 1), quota("b/c", 2))));

        join(r.updateWeights(Map.of("b", 5.0, "c", 7.0)));
        join(r.updateQuotas(List.of(noQuota("a"), quota("b/c", 3), noQuota("not-there"))));

        RegistryState state = recoverNextTerm();
        assertThat(state.weights()).containsOnly(Map.entry("a", 2.0), Map.entry("b", 5.0), Map.entry("c", 7.0));
        assertThat(state.quotas()).containsExactly(quota("b/c", 3));
    }

    @Test
    void aWriteOfAnEndedTermIsFencedAndChangesNothing() {
        Registry old = recovered(firstTerm("test"));
        join(old.admit(agent("a")));
        Registry current = recovered(nextTerm("test"));

        assertThat(failure(old.admit(agent("b")))).isInstanceOf(RegistryException.Fenced.class);
        assertThat(failure(old.updateWeights(Map.of("x", 2.0)))).isInstanceOf(RegistryException.Fenced.class);
        assertThat(failure(old.remove(id("a")))).isInstanceOf(RegistryException.Fenced.class);
        join(current.admit(agent("c")));

        RegistryState state = recoverNextTerm();
        assertThat(state.admitted()).containsExactly(agent("a"), agent("c"));
        assertThat(state.weights()).isEmpty();
    }

    @Test
    void confirmingTheLeadershipSucceedsWhileTheTermLeadsAndIsFencedOnceItEnded() {
        Registry old = recovered(firstTerm("test"));
        join(old.confirmLeading());
        Registry current = recovered(nextTerm("test"));

        assertThat(failure(old.confirmLeading())).isInstanceOf(RegistryException.Fenced.class);
        join(current.confirmLeading());
        join(current.admit(agent("c")));
        assertThat(recoverNextTerm().admitted()).as("a confirmation writes nothing").containsExactly(agent("c"));
    }

    @Test
    void recoveryOfAnEndedTermIsFenced() {
        Registry old = firstTerm("test");
        nextTerm("test");

        assertThat(failure(old.recover())).isInstanceOf(RegistryException.Fenced.class);
    }

    @Test
    void aClosedRegistryWritesNoMore() {
        Registry r = recovered(firstTerm("test"));
        r.close();

        assertThat(failure(r.admit(agent("a")))).isInstanceOf(RegistryException.Fenced.class)
                .hasMessageContaining("closed");
        assertThat(recoverNextTerm().admitted()).isEmpty();
    }

    @Test
    void writesBeforeRecoveryAreRefused() {
        Registry r = firstTerm("test");

        assertThat(failure(r.admit(agent("a")))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not recovered");
    }

    @Test
    void seventyThousandRoleWeightsAreRefusedWholeAndTheRegistryStaysUsable() {
        Registry r = recovered(firstTerm("test"));
        join(r.updateWeights(Map.of("kept", 2.0)));
        Map<String, Double> huge = manyWeights(70_000);

        Throwable refused = failure(r.updateWeights(huge));

        assertThat(refused).isInstanceOf(RegistryException.TooLarge.class)
                .hasMessageContaining("70000 role weights").hasMessageContaining("70000 znodes")
                .hasMessageContaining("at most " + Registry.MAX_ENTRIES_PER_WRITE + " znodes")
                .hasMessageContaining("nothing was written");
        assertThatThrownBy(() -> Registry.checkWeights(huge)).isInstanceOf(RegistryException.TooLarge.class);
        join(r.updateWeights(Map.of("after", 3.0)));
        assertThat(recoverNextTerm().weights()).containsOnly(Map.entry("kept", 2.0), Map.entry("after", 3.0));
    }

    @Test
    void aWriteOverTheByteLimitIsRefusedAndChangesNothing() {
        Registry r = recovered(firstTerm("test"));
        AgentInfo.Builder big = agent("big").toBuilder();
        for (int i = 0; i < 64; i++) {
            big.addAttributes(Attribute.newBuilder().setName("blob" + i).setType(Value.Type.TEXT)
                    .setText(Value.Text.newBuilder().setValue("x".repeat(10_000))));
        }

        Throwable refused = failure(r.admit(big.build()));

        assertThat(refused).isInstanceOf(RegistryException.TooLarge.class)
                .hasMessageContaining("admit agent big is 2 znodes and about")
                .hasMessageContaining(Registry.MAX_WRITE_BYTES + " bytes");
        join(r.admit(agent("small")));
        assertThat(recoverNextTerm().admitted()).containsExactly(agent("small"));
    }

    @Test
    void aWriteAtTheEntryLimitLandsWhole() {
        Registry r = recovered(firstTerm("test"));
        Map<String, Double> weights = manyWeights(Registry.MAX_ENTRIES_PER_WRITE);
        Registry.checkWeights(weights);

        join(r.updateWeights(weights));

        assertThat(recoverNextTerm().weights()).isEqualTo(weights);
    }

    @Test
    void aTableMayNotGrowPastWhatRecoveryCanListInOneReply() {
        Registry r = recovered(firstTerm("test"));
        String longName = "r".repeat(250);
        int written = 0;
        Throwable refused = null;
        while (refused == null && written < 10_000) {
            Map<String, Double> chunk = new HashMap<>();
            for (int i = 0; i < 600; i++) {
                chunk.put(longName + "-" + (written + i), 1.0);
            }
            refused = catchThrowable(() -> join(r.updateWeights(chunk)));
            if (refused == null) {
                written += chunk.size();
            }
        }

        assertThat(refused).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(RegistryException.TooLarge.class)
                .hasMessageContaining("list of names under").hasMessageContaining("registry/weights")
                .hasMessageContaining(String.valueOf(Registry.MAX_LISTING_BYTES));
        // each name takes 4 + ~256 bytes of the list: the limit lets about 3,000 roles in
        assertThat(written).isBetween(2_400, Registry.MAX_LISTING_BYTES / 254);
        assertThat(recoverNextTerm().weights()).hasSize(written);
    }

    @Test
    void badArgumentsFailTheStageAndChangeNothing() {
        Registry r = recovered(firstTerm("test"));

        assertThat(failure(r.updateWeights(Map.of("a", Double.NaN)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(r.updateWeights(Map.of("a", 0.0)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(r.updateWeights(Map.of("a", 1.0, "b", Double.POSITIVE_INFINITY))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(r.updateWeights(Map.of("", 1.0)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(r.updateQuotas(List.of(quota("a", 1), quota("a", 2)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThat(failure(r.updateQuotas(List.of(quota("a", -1))))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(r.admit(agent("a/b")))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(r.admit(agent("..")))).isInstanceOf(IllegalArgumentException.class);

        RegistryState state = recoverNextTerm();
        assertThat(state.weights()).isEmpty();
        assertThat(state.quotas()).isEmpty();
        assertThat(state.admitted()).isEmpty();
    }

    @Test
    void aFreshRegistryTakesTheClusterNameAndRefusesAMasterOfAnotherCluster() {
        Registry r = recovered(firstTerm("alpha"));
        join(r.admit(agent("a")));

        Throwable refused = failure(nextTerm("beta").recover());

        assertThat(refused).isInstanceOf(RegistryException.ClusterMismatch.class)
                .hasMessageContaining("registry/cluster").hasMessageContaining("'alpha'")
                .hasMessageContaining("'beta'");
        assertThat(join(nextTerm("alpha").recover()).admitted()).containsExactly(agent("a"));
    }
}
