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

/** What one role could be offered on one agent: amounts by pool. Reused across the walk to spare garbage. */
final class Candidate {
    Pool[] pools = new Pool[4];
    Amounts[] parts = new Amounts[4];
    int size;
    /** Quota limits or headroom kept some of the pools' free resources back. */
    boolean chopped;

    void clear() {
        for (int i = 0; i < size; i++) {
            pools[i] = null;
            parts[i] = null;
        }
        size = 0;
        chopped = false;
    }

    void add(Pool pool, Amounts part) {
        if (size == pools.length) {
            pools = java.util.Arrays.copyOf(pools, size * 2);
            parts = java.util.Arrays.copyOf(parts, size * 2);
        }
        pools[size] = pool;
        parts[size] = part;
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Scalar quantity of name number {@code i} over all pools. */
    long scalar(int i) {
        long sum = 0;
        for (int k = 0; k < size; k++) {
            sum += parts[k].scalar(i);
        }
        return sum;
    }

    void copyFrom(Candidate o) {
        clear();
        for (int k = 0; k < o.size; k++) {
            add(o.pools[k], o.parts[k]);
        }
        chopped = o.chopped;
    }
}
