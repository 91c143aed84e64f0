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

import org.agora.api.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class RangeSetTest {

    private static final long MAX = -1L; // 2^64 - 1 as an unsigned long

    private static RangeSet ranges(long... bounds) {
        Value.Ranges.Builder builder = Value.Ranges.newBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            builder.addRange(Value.Range.newBuilder().setBegin(bounds[i]).setEnd(bounds[i + 1]));
        }
        return RangeSet.of(builder.build());
    }

    @Test
    void overlappingAndAdjacentIntervalsCoalesce() {
        assertThat(ranges(5, 10, 1, 2, 3, 4, 8, 12, 20, 20)).hasToString("[1-12, 20-20]");
        assertThat(ranges(1, 2, 4, 5).intervalCount()).as("a gap of one number stays a gap").isEqualTo(2);
    }

    @Test
    void unionMergesBothSides() {
        assertThat(ranges(31000, 32000).plus(ranges(32001, 32005, 40000, 40010)))
                .isEqualTo(ranges(31000, 32005, 40000, 40010));
        assertThat(RangeSet.EMPTY.plus(ranges(1, 1))).isEqualTo(ranges(1, 1));
    }

    @Test
    void subtractionSplitsIntervals() {
        assertThat(ranges(31000, 32000).minus(ranges(31500, 31600))).hasToString("[31000-31499, 31601-32000]");
        assertThat(ranges(1, 10).minus(ranges(1, 1, 10, 10))).hasToString("[2-9]");
        assertThat(ranges(1, 10, 20, 30).minus(ranges(5, 25))).hasToString("[1-4, 26-30]");
    }

    @Test
    void subtractingEverythingOrNothing() {
        assertThat(ranges(1, 10).minus(ranges(0, 100)).isEmpty()).isTrue();
        assertThat(ranges(1, 10).minus(ranges(11, 20))).isEqualTo(ranges(1, 10));
        assertThat(ranges(1, 10).minus(RangeSet.EMPTY)).isEqualTo(ranges(1, 10));
    }

    @Test
    void oneSubtrahendIntervalCanCutSeveralIntervals() {
        assertThat(ranges(1, 3, 5, 7, 9, 11).minus(ranges(2, 10))).hasToString("[1-1, 11-11]");
    }

    @Test
    void containmentIsSubsetOfNumbers() {
        RangeSet ports = ranges(31000, 32000, 33000, 33010);
        assertThat(ports.containsAll(ranges(31000, 31000, 33005, 33010))).isTrue();
        assertThat(ports.containsAll(ranges(31999, 32001))).as("straddles a gap").isFalse();
        assertThat(ports.containsAll(ranges(30999, 30999))).isFalse();
        assertThat(ports.containsAll(RangeSet.EMPTY)).isTrue();
        assertThat(RangeSet.EMPTY.containsAll(ranges(1, 1))).isFalse();
    }

    @Test
    void boundsAreUnsigned64Bit() {
        RangeSet top = ranges(MAX - 1, MAX);
        assertThat(top).hasToString("[18446744073709551614-18446744073709551615]");
        assertThat(ranges(0, 5).plus(top).intervalCount()).isEqualTo(2);
        assertThat(top.plus(ranges(MAX - 3, MAX - 2))).hasToString("[18446744073709551612-18446744073709551615]");
        assertThat(top.minus(ranges(MAX, MAX))).hasToString("[18446744073709551614-18446744073709551614]");
        assertThat(ranges(0, MAX).minus(ranges(1, MAX - 1)))
                .hasToString("[0-0, 18446744073709551615-18446744073709551615]");
        assertThat(ranges(0, MAX).containsAll(top)).isTrue();
    }

    @Test
    void invertedRangeIsRejected() {
        assertThatThrownBy(() -> RangeSet.of(10, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10").hasMessageContaining("5");
    }

    @Test
    void protoFormIsSortedAndCoalesced() {
        assertThat(ranges(40, 50, 1, 5, 6, 9).toProto()).isEqualTo(Value.Ranges.newBuilder()
                .addRange(Value.Range.newBuilder().setBegin(1).setEnd(9))
                .addRange(Value.Range.newBuilder().setBegin(40).setEnd(50))
                .build());
        assertThat(RangeSet.EMPTY).hasToString("[]");
    }
}
