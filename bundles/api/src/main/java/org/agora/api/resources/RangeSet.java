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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agora.api.v1.Protos.Value;

/**
 * Immutable set of unsigned 64-bit integers held as closed intervals, the value of a
 * {@code RANGES} resource such as {@code ports}.
 *
 * <p>Intervals are kept sorted by (unsigned) begin, disjoint and coalesced: overlapping
 * and adjacent intervals ({@code [1-2]} and {@code [3-4]}) become one. Two sets are equal
 * exactly when they contain the same numbers.
 */
final class RangeSet {

    static final RangeSet EMPTY = new RangeSet(new long[0], new long[0]);

    // Unsigned values; begins[i] <= ends[i] and ends[i] + 1 < begins[i + 1] (unsigned).
    private final long[] begins;
    private final long[] ends;

    private RangeSet(long[] begins, long[] ends) {
        this.begins = begins;
        this.ends = ends;
    }

    /** Builds the set covering all given ranges; every range must have begin <= end (unsigned). */
    static RangeSet of(Value.Ranges ranges) {
        List<long[]> intervals = new ArrayList<>(ranges.getRangeCount());
        for (Value.Range range : ranges.getRangeList()) {
            intervals.add(new long[] {range.getBegin(), range.getEnd()});
        }
        return normalize(intervals);
    }

    /** The set holding the single interval [begin, end]; begin must not exceed end (unsigned). */
    static RangeSet of(long begin, long end) {
        return normalize(List.of(new long[] {begin, end}));
    }

    private static RangeSet normalize(List<long[]> intervals) {
        for (long[] interval : intervals) {
            if (Long.compareUnsigned(interval[0], interval[1]) > 0) {
                throw new IllegalArgumentException("range begin " + Long.toUnsignedString(interval[0])
                        + " is greater than end " + Long.toUnsignedString(interval[1]));
            }
        }
        if (intervals.isEmpty()) {
            return EMPTY;
        }
        List<long[]> sorted = new ArrayList<>(intervals);
        sorted.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
        long[] begins = new long[sorted.size()];
        long[] ends = new long[sorted.size()];
        int n = 0;
        for (long[] interval : sorted) {
            if (n > 0 && touches(ends[n - 1], interval[0])) {
                if (Long.compareUnsigned(interval[1], ends[n - 1]) > 0) {
                    ends[n - 1] = interval[1];
                }
            } else {
                begins[n] = interval[0];
                ends[n] = interval[1];
                n++;
            }
        }
        return new RangeSet(Arrays.copyOf(begins, n), Arrays.copyOf(ends, n));
    }

    // True when an interval ending at `end` overlaps or is adjacent to one starting at `begin`
    // (begin >= previous begin is assumed). Written to avoid overflow at 2^64 - 1.
    private static boolean touches(long end, long begin) {
        return Long.compareUnsigned(begin, end) <= 0 || begin - 1 == end;
    }

    /** True when the set holds no number. */
    boolean isEmpty() {
        return begins.length == 0;
    }

    /** Number of disjoint intervals. */
    int intervalCount() {
        return begins.length;
    }

    /** The union of this set and {@code other}. */
    RangeSet plus(RangeSet other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<long[]> all = new ArrayList<>(begins.length + other.begins.length);
        addTo(all);
        other.addTo(all);
        return normalize(all);
    }

    private void addTo(List<long[]> out) {
        for (int i = 0; i < begins.length; i++) {
            out.add(new long[] {begins[i], ends[i]});
        }
    }

    /** The numbers of this set that are not in {@code other}. */
    RangeSet minus(RangeSet other) {
        if (isEmpty() || other.isEmpty()) {
            return this;
        }
        List<long[]> result = new ArrayList<>();
        int j = 0;
        for (int i = 0; i < begins.length; i++) {
            long begin = begins[i];
            long end = ends[i];
            boolean remaining = true;
            // Skip subtrahend intervals that end before this one begins.
            while (j < other.begins.length && Long.compareUnsigned(other.ends[j], begin) < 0) {
                j++;
            }
            int k = j;
            while (remaining && k < other.begins.length && Long.compareUnsigned(other.begins[k], end) <= 0) {
                if (Long.compareUnsigned(other.begins[k], begin) > 0) {
                    result.add(new long[] {begin, other.begins[k] - 1});
                }
                if (Long.compareUnsigned(other.ends[k], end) >= 0) {
                    remaining = false;
                } else {
                    begin = other.ends[k] + 1;
                    k++;
                }
            }
            if (remaining) {
                result.add(new long[] {begin, end});
            }
        }
        return normalize(result);
    }

    /** True when every number of {@code other} is in this set. */
    boolean containsAll(RangeSet other) {
        int i = 0;
        for (int j = 0; j < other.begins.length; j++) {
            while (i < begins.length && Long.compareUnsigned(ends[i], other.begins[j]) < 0) {
                i++;
            }
            if (i == begins.length
                    || Long.compareUnsigned(begins[i], other.begins[j]) > 0
                    || Long.compareUnsigned(ends[i], other.ends[j]) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The coalesced intervals as a protobuf value. */
    Value.Ranges toProto() {
        Value.Ranges.Builder builder = Value.Ranges.newBuilder();
        for (int i = 0; i < begins.length; i++) {
            builder.addRange(Value.Range.newBuilder().setBegin(begins[i]).setEnd(ends[i]));
        }
        return builder.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RangeSet other && Arrays.equals(begins, other.begins) && Arrays.equals(ends, other.ends);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(begins) + Arrays.hashCode(ends);
    }

    /** Mesos notation, e.g. {@code [31000-32000, 33000-33010]}; {@code []} when empty. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < begins.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(Long.toUnsignedString(begins[i])).append('-').append(Long.toUnsignedString(ends[i]));
        }
        return out.append(']').toString();
    }
}
