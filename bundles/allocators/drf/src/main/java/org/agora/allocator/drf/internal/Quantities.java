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
