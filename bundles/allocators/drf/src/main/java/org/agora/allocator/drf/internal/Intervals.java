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

import java.util.Arrays;
import org.agora.api.v1.Protos.Value;

/**
 * Range arithmetic on sorted, disjoint, coalesced inclusive intervals held flat as {@code {b0, e0, b1, e1, ...}}.
 * Arrays are never changed once made, so they can be shared. Bounds are non-negative and below
 * {@link Long#MAX_VALUE} (resources with other bounds are not held this way, see {@link ResourceCodec}).
 */
final class Intervals {
    static final long[] NONE = new long[0];

    private Intervals() {
    }

    /** True when every bound of {@code ranges} fits this representation. */
    static boolean representable(Value.Ranges ranges) {
        for (Value.Range r : ranges.getRangeList()) {
            if (r.getBegin() < 0 || r.getEnd() < 0 || r.getEnd() == Long.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    static long[] of(Value.Ranges ranges) {
        long[] out = NONE;
        for (Value.Range r : ranges.getRangeList()) {
            out = union(out, new long[] {r.getBegin(), r.getEnd()});
        }
        return out;
    }

    static Value.Ranges toProto(long[] iv) {
        Value.Ranges.Builder b = Value.Ranges.newBuilder();
        for (int i = 0; i < iv.length; i += 2) {
            b.addRange(Value.Range.newBuilder().setBegin(iv[i]).setEnd(iv[i + 1]));
        }
        return b.build();
    }

    static boolean isEmpty(long[] iv) {
        return iv == null || iv.length == 0;
    }

    static long[] union(long[] a, long[] b) {
        if (isEmpty(b)) {
            return a == null ? NONE : a;
        }
        if (isEmpty(a)) {
            return b;
        }
        long[] out = new long[a.length + b.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            long begin;
            long end;
            if (j >= b.length || (i < a.length && a[i] <= b[j])) {
                begin = a[i];
                end = a[i + 1];
                i += 2;
            } else {
                begin = b[j];
                end = b[j + 1];
                j += 2;
            }
            if (n > 0 && begin <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], end);
            } else {
                out[n++] = begin;
                out[n++] = end;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** {@code a} without {@code b}. */
    static long[] minus(long[] a, long[] b) {
        if (isEmpty(a) || isEmpty(b)) {
            return a == null ? NONE : a;
        }
        long[] out = new long[a.length + b.length];
        int n = 0;
        int j = 0;
        for (int i = 0; i < a.length; i += 2) {
            long begin = a[i];
            long end = a[i + 1];
            while (j < b.length && b[j + 1] < begin) {
                j += 2;
            }
            int k = j;
            while (begin <= end && k < b.length && b[k] <= end) {
                if (b[k] > begin) {
                    out[n++] = begin;
                    out[n++] = b[k] - 1;
                }
                begin = Math.max(begin, b[k + 1] + 1);
                if (b[k + 1] >= end) {
                    break;
                }
                k += 2;
            }
            if (begin <= end) {
                out[n++] = begin;
                out[n++] = end;
            }
        }
        return n == 0 ? NONE : Arrays.copyOf(out, n);
    }

    static long[] intersect(long[] a, long[] b) {
        if (isEmpty(a) || isEmpty(b)) {
            return NONE;
        }
        long[] out = new long[a.length + b.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            long begin = Math.max(a[i], b[j]);
            long end = Math.min(a[i + 1], b[j + 1]);
            if (begin <= end) {
                out[n++] = begin;
                out[n++] = end;
            }
            if (a[i + 1] < b[j + 1]) {
                i += 2;
            } else {
                j += 2;
            }
        }
        return n == 0 ? NONE : Arrays.copyOf(out, n);
    }

    /** True when {@code a} holds all of {@code b}. */
    static boolean contains(long[] a, long[] b) {
        if (isEmpty(b)) {
            return true;
        }
        if (isEmpty(a)) {
            return false;
        }
        int i = 0;
        for (int j = 0; j < b.length; j += 2) {
            while (i < a.length && a[i + 1] < b[j]) {
                i += 2;
            }
            if (i >= a.length || a[i] > b[j] || a[i + 1] < b[j + 1]) {
                return false;
            }
        }
        return true;
    }
}
