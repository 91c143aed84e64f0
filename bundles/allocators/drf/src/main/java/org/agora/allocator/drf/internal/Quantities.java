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

/**
 * Scalar quantities by name number ({@link NameIndex}), in thousandths as {@link org.agora.api.resources.Resources}
 * holds them, growing as names appear. The allocator's hot path adds and compares these instead of resources.
 */
final class Quantities {
    static final long[] NONE = new long[0];

    private long[] v = NONE;

    long get(int i) {
        return i < v.length ? v[i] : 0;
    }

    void add(int i, long delta) {
        if (delta == 0) {
            return;
        }
        if (i >= v.length) {
            v = Arrays.copyOf(v, Math.max(i + 1, 4));
        }
        v[i] += delta;
    }

    /** Adds {@code sign} times {@code values} (indexed as here). */
    void add(long[] values, int sign) {
        if (values.length > v.length) {
            v = Arrays.copyOf(v, values.length);
        }
        for (int i = 0; i < values.length; i++) {
            v[i] += sign * values[i];
        }
    }

    int length() {
        return v.length;
    }

    boolean isZero() {
        for (long x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
