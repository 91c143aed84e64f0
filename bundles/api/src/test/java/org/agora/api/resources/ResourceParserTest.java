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

import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResourceParserTest {

    @Test
    void parsesScalarsRangesAndSetsInOrder() {
        List<Resource> parsed = ResourceParser.parse("cpus:4;mem:2048;ports:[31000-32000,33000-33010];disks:{b,a}");

        assertThat(parsed).extracting(Resource::getName).containsExactly("cpus", "mem", "ports", "disks");
        assertThat(parsed.get(0).getType()).isEqualTo(Value.Type.SCALAR);
        assertThat(parsed.get(0).getScalar().getValue()).isEqualTo(4.0);
        assertThat(parsed.get(2).getRanges().getRangeList())
                .extracting(Value.Range::getBegin, Value.Range::getEnd)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(31000L, 32000L),
                        org.assertj.core.groups.Tuple.tuple(33000L, 33010L));
        assertThat(parsed.get(3).getSet().getItemList()).containsExactly("b", "a");
    }

    @Test
    void roleInParenthesesIsAStaticReservationWithoutTheDeprecatedRoleField() {
        Resource cpus = ResourceParser.parse("cpus(role1):2").get(0);

        assertThat(cpus.getReservationsList()).containsExactly(Resource.ReservationInfo.newBuilder()
                .setType(Resource.ReservationInfo.Type.STATIC).setRole("role1").build());
        assertThat(cpus.hasRole()).isFalse();
    }

    @Test
    void starRoleAndNoRoleAreUnreserved() {
        for (String text : List.of("cpus(*):2", "cpus:2", " cpus ( * ) : 2 ")) {
            Resource cpus = ResourceParser.parse(text).get(0);
            assertThat(cpus.getReservationsCount()).as(text).isZero();
            assertThat(cpus.hasRole()).as(text).isFalse();
            assertThat(cpus.getName()).isEqualTo("cpus");
        }
    }

    @Test
    void hierarchicalRolesAreAccepted() {
        assertThat(ResourceParser.parse("mem(eng/frontend):64").get(0).getReservations(0).getRole())
                .isEqualTo("eng/frontend");
    }

    @Test
    void whitespaceAndEmptyFragmentsAreTolerated() {
        assertThat(ResourceParser.parse(" cpus : 1 ; ; ports:[ 1-2 , 4-5 ];disks:{ a , b };")).hasSize(3);
        assertThat(ResourceParser.parse("")).isEmpty();
    }

    @Test
    void scalarsAcceptDecimalAndExponentForms() {
        assertThat(ResourceParser.parse("cpus:0.5").get(0).getScalar().getValue()).isEqualTo(0.5);
        assertThat(ResourceParser.parse("mem:1e3").get(0).getScalar().getValue()).isEqualTo(1000.0);
        assertThat(ResourceParser.parse("gpus:.25").get(0).getScalar().getValue()).isEqualTo(0.25);
    }

    @Test
    void emptyRangesAreAllowed() {
        assertThat(ResourceParser.parse("ports:[]").get(0).getRanges().getRangeCount()).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "cpus                      | cpus                  | exactly one ':'",
        "cpus:4:5                  | cpus:4:5              | exactly one ':'",
        ":4                        | :4                    | name is empty",
        "cpus:                     | cpus:                 | value is empty",
        "cpus:abc                  | cpus:abc              | is text",
        "cpus:-1                   | cpus:-1               | negative",
        "cpus:NaN                  | cpus:NaN              | is text",
        "cpus:0x10                 | cpus:0x10             | is text",
        "cpus:1d                   | cpus:1d               | is text",
        "cpus(role1:2              | cpus(role1:2          | mismatched parentheses",
        "cpus)role1(:2             | cpus)role1(:2         | mismatched parentheses",
        "cpus(a)(b):2              | cpus(a)(b):2          | mismatched parentheses",
        "cpus(a)x:2                | cpus(a)x:2            | after the role",
        "cpus():2                  | cpus():2              | role name must not be empty",
        "cpus(-x):2                | cpus(-x):2            | starting with '-'",
        "cpus(a//b):2              | cpus(a//b):2          | '//'",
        "cpus(a b):2               | cpus(a b):2           | whitespace",
        "ports:[10-5]              | ports:[10-5]          | begin greater than end",
        "ports:[1-5,3-8]           | ports:[1-5,3-8]       | overlap",
        "ports:[5]                 | ports:[5]             | begin-end",
        "ports:[a-5]               | ports:[a-5]           | not an unsigned integer",
        "ports:[1-2                | ports:[1-2            | must end with ']'",
        "ports:[1-99999999999999999999] | ports:[1-99999999999999999999] | 64 bits",
        "disks:{a,a}               | disks:{a,a}           | more than once",
        "disks:{a,,b}              | disks:{a,,b}          | empty item",
        "disks:{a                  | disks:{a              | must end with '}'",
        "cpus:1,2                  | cpus:1,2              | cannot parse value",
    })
    void badTextNamesTheFragmentAndTheReason(String text, String fragment, String reason) {
        assertThatThrownBy(() -> ResourceParser.parse("mem:1;" + text + ";disk:5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + fragment + "'")
                .hasMessageContaining(reason);
    }

    @Test
    void nullTextIsRejected() {
        assertThatThrownBy(() -> ResourceParser.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
