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

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** Interval arithmetic against a bit set of the same numbers. */
class IntervalsTest {

    private static long[] random(Random r) {
        long[] out = Intervals.NONE;
        for (int i = 0, n = r.nextInt(5); i < n; i++) {
            long b = r.nextInt(60);
            out = Intervals.union(out, new long[] {b, b + r.nextInt(8)});
        }
        return out;
    }

    private static BitSet bits(long[] iv) {
        BitSet s = new BitSet();
        for (int i = 0; i < iv.length; i += 2) {
            s.set((int) iv[i], (int) iv[i + 1] + 1);
        }
        return s;
    }

    private static void assertCanonical(long[] iv) {
        for (int i = 0; i < iv.length; i += 2) {
            assertThat(iv[i]).isLessThanOrEqualTo(iv[i + 1]);
            if (i > 0) {
                assertThat(iv[i]).as("sorted, disjoint and coalesced").isGreaterThan(iv[i - 1] + 1);
            }
        }
    }

    @RepeatedTest(200)
    void unionMinusIntersectAndContainsAgreeWithSets(RepetitionInfo info) {
        Random r = new Random(info.getCurrentRepetition());
        long[] a = random(r);
        long[] b = random(r);
        BitSet sa = bits(a);
        BitSet sb = bits(b);

        BitSet union = (BitSet) sa.clone();
        union.or(sb);
        BitSet minus = (BitSet) sa.clone();
        minus.andNot(sb);
        BitSet both = (BitSet) sa.clone();
        both.and(sb);
        BitSet rest = (BitSet) sb.clone();
        rest.andNot(sa);

        assertCanonical(Intervals.union(a, b));
        assertCanonical(Intervals.minus(a, b));
        assertCanonical(Intervals.intersect(a, b));
        assertThat(bits(Intervals.union(a, b))).isEqualTo(union);
        assertThat(bits(Intervals.minus(a, b))).isEqualTo(minus);
        assertThat(bits(Intervals.intersect(a, b))).isEqualTo(both);
        assertThat(Intervals.contains(a, b)).isEqualTo(rest.isEmpty());
    }

    @Test
    void adjacentRangesCoalesce() {
        assertThat(Intervals.union(new long[] {1, 2}, new long[] {3, 4})).containsExactly(1, 4);
        assertThat(Intervals.minus(new long[] {31000, 32000}, new long[] {31000, 31009})).containsExactly(31010,
                32000);
    }
}
