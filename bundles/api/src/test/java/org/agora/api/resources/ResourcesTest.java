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
package org.agora.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;
import org.agora.api.v1.Protos.Volume;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ResourcesTest {

    static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    static Resource reserved(Resource resource, String role) {
        return resource.toBuilder().addReservations(Resource.ReservationInfo.newBuilder()
                .setType(Resource.ReservationInfo.Type.STATIC).setRole(role)).build();
    }

    static Resource allocated(Resource resource, String role) {
        return resource.toBuilder().setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role)).build();
    }

    static Resource volume(String id, double size, boolean shared) {
        Resource.Builder builder = Resource.newBuilder().setName("disk").setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(size))
                .addReservations(Resource.ReservationInfo.newBuilder()
                        .setType(Resource.ReservationInfo.Type.DYNAMIC).setRole("eng"))
                .setDisk(Resource.DiskInfo.newBuilder()
                        .setPersistence(Resource.DiskInfo.Persistence.newBuilder().setId(id))
                        .setVolume(Volume.newBuilder().setMode(Volume.Mode.RW).setContainerPath("data")));
        if (shared) {
            builder.setShared(Resource.SharedInfo.getDefaultInstance());
        }
        return builder.build();
    }

    static Resource mountDisk(String root, double size) {
        return Resource.newBuilder().setName("disk").setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(size))
                .setDisk(Resource.DiskInfo.newBuilder().setSource(Resource.DiskInfo.Source.newBuilder()
                        .setType(Resource.DiskInfo.Source.Type.MOUNT)
                        .setMount(Resource.DiskInfo.Source.Mount.newBuilder().setRoot(root))))
                .build();
    }

    @Nested
    class FixedPoint {

        @Test
        void tenthsAddUpExactly() {
            Resources sum = Resources.of(scalar("cpus", 0.1)).plus(scalar("cpus", 0.2));

            assertThat(sum.scalar("cpus")).isEqualTo(0.3);
            assertThat(sum).isEqualTo(Resources.of(scalar("cpus", 0.3)));
            assertThat(sum.toList().get(0).getScalar().getValue()).isEqualTo(0.3);
        }

        @Test
        void manySmallAdditionsDoNotDrift() {
            Resources sum = Resources.empty();
            for (int i = 0; i < 10; i++) {
                sum = sum.plus(scalar("cpus", 0.1));
            }
            assertThat(sum.scalar("cpus")).isEqualTo(1.0);
            assertThat(sum.minus(Resources.of(scalar("cpus", 0.7))).scalar("cpus")).isEqualTo(0.3);
        }

        @Test
        void valuesAreRoundedToThreeDecimals() {
            assertThat(Resources.of(scalar("cpus", 0.1234)).scalar("cpus")).isEqualTo(0.123);
            assertThat(Resources.of(scalar("cpus", 0.1236)).scalar("cpus")).isEqualTo(0.124);
            assertThat(Resources.of(scalar("cpus", 0.0001)).isEmpty()).as("rounds to zero, dropped").isTrue();
        }
    }

    @Nested
    class Arithmetic {

        @Test
        void sameIdentityCombines() {
            Resources resources = Resources.parse("cpus:1;mem:512;cpus:2;ports:[1-5];ports:[6-10];disks:{a};disks:{b}");

            assertThat(resources.toList()).hasSize(4);
            assertThat(resources.scalar("cpus")).isEqualTo(3.0);
            assertThat(resources.ranges("ports").getRangeList()).singleElement()
                    .satisfies(r -> assertThat(r.getBegin()).isEqualTo(1))
                    .satisfies(r -> assertThat(r.getEnd()).isEqualTo(10));
            assertThat(resources.items("disks")).containsExactly("a", "b");
        }

        @Test
        void rolesReservationsAllocationsAndRevocabilityAreKeptApart() {
            Resource revocable = scalar("cpus", 1).toBuilder()
                    .setRevocable(Resource.RevocableInfo.getDefaultInstance()).build();
            Resources resources = Resources.of(scalar("cpus", 1), reserved(scalar("cpus", 2), "a"),
                    reserved(scalar("cpus", 4), "b"), allocated(scalar("cpus", 8), "a"), revocable);

            assertThat(resources.toList()).hasSize(5);
            assertThat(resources.scalar("cpus")).isEqualTo(16.0);
            assertThat(resources.unreserved().scalar("cpus")).isEqualTo(10.0);
            assertThat(resources.reserved("a").scalar("cpus")).isEqualTo(2.0);
            assertThat(resources.reserved().scalar("cpus")).isEqualTo(6.0);
            assertThat(resources.allocatedTo("a").scalar("cpus")).isEqualTo(8.0);
            assertThat(resources.revocable().scalar("cpus")).isEqualTo(1.0);
            assertThat(resources.nonRevocable().scalar("cpus")).isEqualTo(15.0);
        }

        @Test
        void subtractionNeverGoesBelowZero() {
            Resources resources = Resources.parse("cpus:2;mem:100");

            Resources rest = resources.minus(Resources.parse("cpus:3;mem:40"));

            assertThat(rest).isEqualTo(Resources.parse("mem:60"));
            assertThat(rest.scalar("cpus")).isZero();
            assertThat(rest.toList()).extracting(Resource::getName).containsExactly("mem");
        }

        @Test
        void subtractingWhatIsNotThereChangesNothing() {
            Resources resources = Resources.parse("cpus:2;ports:[1-10]");

            assertThat(resources.minus(Resources.parse("gpus:1;cpus(eng):1;disks:{x}"))).isEqualTo(resources);
        }

        @Test
        void rangesAndSetsSubtractAsSets() {
            Resources resources = Resources.parse("ports:[31000-32000];disks:{a,b,c}");

            Resources rest = resources.minus(Resources.parse("ports:[31500-31599,40000-40001];disks:{b,z}"));

            assertThat(rest.ranges("ports")).isEqualTo(Value.Ranges.newBuilder()
                    .addRange(Value.Range.newBuilder().setBegin(31000).setEnd(31499))
                    .addRange(Value.Range.newBuilder().setBegin(31600).setEnd(32000)).build());
            assertThat(rest.items("disks")).containsExactly("a", "c");
            assertThat(rest.minus(Resources.parse("ports:[0-65535];disks:{a,c}")).isEmpty()).isTrue();
        }

        @Test
        void plusAndMinusDoNotChangeTheOperands() {
            Resources a = Resources.parse("cpus:1");
            Resources b = Resources.parse("cpus:2");

            a.plus(b);
            a.minus(b);

            assertThat(a.scalar("cpus")).isEqualTo(1.0);
            assertThat(b.scalar("cpus")).isEqualTo(2.0);
        }

        @Test
        void emptyResourcesAreDropped() {
            assertThat(Resources.parse("cpus:0;ports:[];disks:{}").isEmpty()).isTrue();
            assertThat(Resources.empty()).hasToString("{}");
        }

        @Test
        void onlyScalarsCanBeTakenOutOfASumAgain() {
            assertThat(Resources.parse("cpus:1;mem:64").scalarsOnly()).isTrue();
            assertThat(Resources.empty().scalarsOnly()).isTrue();
            assertThat(Resources.parse("cpus:1;ports:[31000-31000]").scalarsOnly()).isFalse();
            assertThat(Resources.parse("disks:{a}").scalarsOnly()).isFalse();

            // why: the same port of two agents, summed, is held once, so taking one agent's out takes both
            Resources port = Resources.parse("ports:[31000-31000]");
            assertThat(port.plus(port).minus(port).isEmpty()).isTrue();
        }
    }

    @Nested
    class Containment {

        @Test
        void containsRequiresEveryIdentityToCover() {
            Resources offer = Resources.parse("cpus:4;mem:1024;ports:[31000-32000]");

            assertThat(offer.contains(Resources.parse("cpus:4;mem:512;ports:[31000-31000]"))).isTrue();
            assertThat(offer.contains(Resources.parse("cpus:4.001"))).isFalse();
            assertThat(offer.contains(Resources.parse("ports:[30999-31000]"))).isFalse();
            assertThat(offer.contains(Resources.parse("gpus:1"))).isFalse();
            assertThat(offer.contains(Resources.empty())).isTrue();
            assertThat(offer.contains(scalar("mem", 1024))).isTrue();
        }

        @Test
        void reservedResourcesDoNotStandInForUnreservedOnes() {
            Resources reserved = Resources.parse("cpus(eng):4");

            assertThat(reserved.contains(Resources.parse("cpus:1"))).isFalse();
            assertThat(reserved.contains(Resources.parse("cpus(ops):1"))).isFalse();
            assertThat(reserved.contains(Resources.parse("cpus(eng):1"))).isTrue();
            assertThat(Resources.parse("cpus:4").contains(Resources.parse("cpus(eng):1"))).isFalse();
        }

        @Test
        void allocationInfoIsPartOfTheIdentity() {
            Resources offered = Resources.parse("cpus:2").withAllocationRole("eng");

            assertThat(offered.contains(Resources.parse("cpus:1"))).isFalse();
            assertThat(offered.contains(Resources.parse("cpus:1").withAllocationRole("eng"))).isTrue();
        }
    }

    @Nested
    class Allocation {

        @Test
        void allocationRoleIsInjectedOnlyWhereMissing() {
            Resources resources = Resources.of(scalar("cpus", 1), allocated(scalar("cpus", 2), "ops"));

            Resources injected = resources.withAllocationRole("eng");

            assertThat(injected.allocatedTo("eng")).isEqualTo(Resources.of(allocated(scalar("cpus", 1), "eng")));
            assertThat(injected.allocatedTo("ops")).isEqualTo(Resources.of(allocated(scalar("cpus", 2), "ops")));
            assertThat(injected.toList()).allMatch(Resource::hasAllocationInfo);
        }

        @Test
        void injectionMergesWhatBecomesIdentical() {
            Resources resources = Resources.of(scalar("cpus", 1), allocated(scalar("cpus", 2), "eng"));

            assertThat(resources.withAllocationRole("eng").toList()).hasSize(1);
            assertThat(resources.withAllocationRole("eng").scalar("cpus")).isEqualTo(3.0);
        }
    }

    @Nested
    class ReservationFormat {

        @Test
        void deprecatedRoleIsUpgradedToAStaticReservation() {
            Resource old = scalar("cpus", 2).toBuilder().setRole("eng").build();

            Resource upgraded = Resources.of(old).toList().get(0);

            assertThat(upgraded.hasRole()).isFalse();
            assertThat(upgraded.getReservationsList()).containsExactly(Resource.ReservationInfo.newBuilder()
                    .setType(Resource.ReservationInfo.Type.STATIC).setRole("eng").build());
            assertThat(Resources.of(old)).isEqualTo(Resources.parse("cpus(eng):2"));
        }

        @Test
        void deprecatedReservationIsUpgradedToADynamicOne() {
            Resource old = scalar("cpus", 2).toBuilder().setRole("eng")
                    .setReservation(Resource.ReservationInfo.newBuilder().setPrincipal("alice")).build();

            Resource upgraded = Resources.of(old).toList().get(0);

            assertThat(upgraded.hasReservation()).isFalse();
            assertThat(upgraded.getReservations(0)).isEqualTo(Resource.ReservationInfo.newBuilder()
                    .setType(Resource.ReservationInfo.Type.DYNAMIC).setRole("eng").setPrincipal("alice").build());
        }

        @Test
        void explicitStarRoleMergesWithUnsetRole() {
            Resources resources = Resources.of(scalar("cpus", 1).toBuilder().setRole("*").build(), scalar("cpus", 1));

            assertThat(resources.toList()).singleElement().satisfies(r -> assertThat(r.hasRole()).isFalse());
            assertThat(resources.scalar("cpus")).isEqualTo(2.0);
        }
    }

    @Nested
    class ExclusiveAndSharedDisks {

        @Test
        void persistentVolumesNeverMerge() {
            Resources volumes = Resources.of(volume("v1", 100, false), volume("v1", 100, false));

            assertThat(volumes.toList()).hasSize(2);
            assertThat(volumes.minus(volume("v1", 100, false)).toList()).hasSize(1);
            assertThat(volumes.minus(volume("v1", 50, false))).as("only whole volumes come off").isEqualTo(volumes);
        }

        @Test
        void mountDisksAreUsedWhole() {
            Resources disks = Resources.of(mountDisk("/mnt/a", 1000));

            assertThat(disks.contains(mountDisk("/mnt/a", 500))).isFalse();
            assertThat(disks.contains(mountDisk("/mnt/a", 1000))).isTrue();
            assertThat(disks.plus(mountDisk("/mnt/a", 1000)).toList()).hasSize(2);
        }

        @Test
        void sharedVolumesAreCounted() {
            Resource shared = volume("v1", 100, true);
            Resources twice = Resources.of(shared, shared);

            assertThat(twice.toList()).containsExactly(shared);
            assertThat(twice.contains(Resources.of(shared, shared))).isTrue();
            assertThat(Resources.of(shared).contains(Resources.of(shared, shared))).isFalse();
            assertThat(twice.minus(shared)).isEqualTo(Resources.of(shared));
            assertThat(twice.minus(shared).minus(shared).isEmpty()).isTrue();
        }
    }

    @Nested
    class Identity {

        @Test
        void equalityIgnoresOrder() {
            Resources a = Resources.parse("cpus:1;mem:2;ports:[1-2]");
            Resources b = Resources.parse("ports:[1-2];mem:2;cpus:1");

            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            assertThat(a).isNotEqualTo(Resources.parse("cpus:1;mem:2;ports:[1-3]"));
            assertThat(a).isNotEqualTo(Resources.parse("cpus:1;mem:2"));
        }

        @Test
        void filterSeesTheWireForm() {
            Resources resources = Resources.parse("cpus:1;mem:2;ports:[1-2]");

            assertThat(resources.filter(r -> r.getType() == Value.Type.SCALAR))
                    .isEqualTo(Resources.parse("cpus:1;mem:2"));
        }

        @Test
        void toStringUsesMesosNotation() {
            assertThat(Resources.parse("cpus:4;mem:1024;ports:[31000-32000]"))
                    .hasToString("cpus:4; mem:1024; ports:[31000-32000]");
            assertThat(Resources.parse("cpus(eng):0.5;disks:{b,a}").withAllocationRole("eng"))
                    .hasToString("cpus(allocated: eng)(reservations: [(STATIC,eng)]):0.5"
                            + "; disks(allocated: eng):{a, b}");
        }
    }

    @Nested
    class Flatten {

        @Test
        void flattensLikeTheV0StateEndpoint() {
            Resource revocable = scalar("cpus", 0.5).toBuilder()
                    .setRevocable(Resource.RevocableInfo.getDefaultInstance()).build();
            Resources resources = Resources.parse("cpus:4;cpus(eng):1;mem:1024;ports:[31000-32000];disks:{b,a}")
                    .plus(revocable);

            Map<String, Object> flat = resources.flatten();

            assertThat(flat).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                    "cpus", 5.0, "cpus_revocable", 0.5, "disk", 0.0, "disks", "{a, b}", "gpus", 0.0,
                    "mem", 1024.0, "ports", "[31000-32000]")));
        }
    }

    @Nested
    class Validation {

        @Test
        void validResourcesPass() {
            assertThat(Resources.validate(scalar("cpus", 1))).isEmpty();
            assertThat(Resources.validate(volume("v", 1, true))).isEmpty();
        }

        @Test
        void violationsAreNamed() {
            assertThat(Resources.validate(scalar("cpus", -1))).hasValueSatisfying(
                    m -> assertThat(m).contains("'cpus'").contains("negative"));
            assertThat(Resources.validate(scalar("", 1))).hasValueSatisfying(m -> assertThat(m).contains("empty"));
            assertThat(Resources.validate(scalar("cpus", Double.NaN))).isPresent();
            assertThat(Resources.validate(scalar("cpus", 1).toBuilder().setType(Value.Type.RANGES).build()))
                    .hasValueSatisfying(m -> assertThat(m).contains("RANGES"));
            assertThat(Resources.validate(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                    .setRanges(Value.Ranges.newBuilder()
                            .addRange(Value.Range.newBuilder().setBegin(9).setEnd(3))).build()))
                    .hasValueSatisfying(m -> assertThat(m).contains("begin greater than end"));
            assertThat(Resources.validate(Resource.newBuilder().setName("x").setType(Value.Type.TEXT).build()))
                    .isPresent();
        }

        @Test
        void reservationRulesAreChecked() {
            Resource refinedStatic = reserved(reserved(scalar("cpus", 1), "eng"), "eng/web");
            assertThat(Resources.validate(refinedStatic)).hasValueSatisfying(m -> assertThat(m).contains("STATIC"));

            Resource notSubRole = reserved(scalar("cpus", 1), "eng").toBuilder()
                    .addReservations(Resource.ReservationInfo.newBuilder()
                            .setType(Resource.ReservationInfo.Type.DYNAMIC).setRole("ops")).build();
            assertThat(Resources.validate(notSubRole)).hasValueSatisfying(m -> assertThat(m).contains("sub-role"));

            Resource mixed = reserved(scalar("cpus", 1), "eng").toBuilder().setRole("eng").build();
            assertThat(Resources.validate(mixed)).isPresent();

            assertThat(Resources.validate(scalar("cpus", 1).toBuilder()
                    .setShared(Resource.SharedInfo.getDefaultInstance()).build())).isPresent();
        }

        @Test
        void invalidResourcesAreRejectedOnEntry() {
            assertThatThrownBy(() -> Resources.of(scalar("cpus", -1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
            assertThatThrownBy(() -> Resources.empty().plus(scalar("cpus", Double.POSITIVE_INFINITY)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void parseErrorsSurfaceThroughResources() {
            assertThatThrownBy(() -> Resources.parse("cpus:4;mem:lots"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mem:lots'");
        }
    }

    @Test
    void parseExampleFromTheAgentFlag() {
        Resources resources = Resources.parse(
                "cpus:4;mem:2048;disk:10000;ports:[31000-32000,33000-33010];gpus:1;cpus(role1):2;disks:{a,b}");

        assertThat(resources.scalar("cpus")).isEqualTo(6.0);
        assertThat(resources.reserved("role1")).isEqualTo(Resources.of(reserved(scalar("cpus", 2), "role1")));
        assertThat(resources.unreserved().scalar("cpus")).isEqualTo(4.0);
        assertThat(resources.ranges("ports").getRangeCount()).isEqualTo(2);
        assertThat(resources.toList()).hasSize(7);
        assertThat(List.copyOf(resources.items("disks"))).containsExactly("a", "b");
    }
}
