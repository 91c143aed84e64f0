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
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;

/**
 * Resources of one {@link Pool} in a compact, mutable form: plain scalars (fixed point, by scalar-name number), plain
 * ranges (by range-name number) and everything else (volumes, mount disks, sets, revocable resources) as
 * {@link Resources} without allocation info. Plain means no disk info, sharing, revocability or provider: what
 * almost every agent has, and what the hot path adds and subtracts as numbers.
 *
 * <p>Each instance owns its arrays. What {@link #takeUpTo} and {@link #takeAll} return is frozen: never changed
 * afterwards (such instances become the parts of offers, {@link Holding.Grant}, and of refusal filters). A mutable
 * instance remembers the frozen one it currently equals, when it got its whole content from one: a declined offer
 * comes back as the very part that was offered, so comparing it with the filter made from that part, or with the
 * cached offer built from it, is one identity check.
 */
final class Amounts {
    private static final long[][] NO_RANGES = new long[0][];
    /** Nothing, frozen. */
    static final Amounts EMPTY = frozenEmpty();

    private long[] scalars = Quantities.NONE;
    private long[][] ranges = NO_RANGES;
    private Resources other = Resources.empty();
    private long[] otherScalars = Quantities.NONE;
    private boolean frozen;
    /** A frozen instance with exactly this content, or null when none is known. */
    private Amounts sameAs;

    private static Amounts frozenEmpty() {
        Amounts a = new Amounts();
        a.frozen = true;
        return a;
    }

    /** Freezes this instance: it is not changed any more. */
    Amounts freeze() {
        frozen = true;
        return this;
    }

    /** A frozen sum of this (frozen) and {@code o} (frozen); one of them when the other is empty. */
    Amounts plus(Amounts o, NameIndex names) {
        if (o == EMPTY || o.isEmpty()) {
            return this;
        }
        if (this == EMPTY || isEmpty()) {
            return o.frozen ? o : o.copy().freeze();
        }
        Amounts sum = copy();
        sum.add(o, names);
        return sum.freeze();
    }

    /**
     * Splits this frozen instance into what {@code want} takes out of it (first) and the rest (second), both
     * frozen.
     */
    Amounts[] split(Amounts want, NameIndex names) {
        if (knownEqual(this, want)) {
            return new Amounts[] {this, EMPTY};
        }
        Amounts rest = copy();
        Amounts taken = rest.takeUpTo(want, names);
        return new Amounts[] {taken, rest.freeze()};
    }

    boolean isEmpty() {
        for (long s : scalars) {
            if (s != 0) {
                return false;
            }
        }
        for (long[] r : ranges) {
            if (!Intervals.isEmpty(r)) {
                return false;
            }
        }
        return other.isEmpty();
    }

    /** Plain and other scalar quantity of name number {@code i}. */
    long scalar(int i) {
        return plain(i) + (i < otherScalars.length ? otherScalars[i] : 0);
    }

    long plain(int i) {
        return i < scalars.length ? scalars[i] : 0;
    }

    int scalarLength() {
        return Math.max(scalars.length, otherScalars.length);
    }

    int rangeLength() {
        return ranges.length;
    }

    long[] ranges(int i) {
        return i < ranges.length && ranges[i] != null ? ranges[i] : Intervals.NONE;
    }

    Resources other() {
        return other;
    }

    boolean hasScalars() {
        for (int i = 0, n = scalarLength(); i < n; i++) {
            if (scalar(i) > 0) {
                return true;
            }
        }
        return false;
    }

    void addPlain(int i, long millis) {
        if (millis == 0) {
            return;
        }
        sameAs = null;
        if (i >= scalars.length) {
            scalars = Arrays.copyOf(scalars, Math.max(i + 1, 4));
        }
        scalars[i] += millis;
    }

    void addRanges(int i, long[] iv) {
        if (Intervals.isEmpty(iv)) {
            return;
        }
        sameAs = null;
        if (i >= ranges.length) {
            ranges = Arrays.copyOf(ranges, i + 1);
        }
        ranges[i] = Intervals.union(ranges[i], iv);
    }

    /** Adds one resource held whole (it carries no allocation info). */
    void addOther(Resource r, NameIndex names) {
        setOther(other.plus(r), names);
    }

    void add(Amounts o, NameIndex names) {
        boolean wasEmpty = isEmpty();
        for (int i = 0; i < o.scalars.length; i++) {
            addPlain(i, o.scalars[i]);
        }
        for (int i = 0; i < o.ranges.length; i++) {
            addRanges(i, o.ranges[i]);
        }
        if (!o.other.isEmpty()) {
            setOther(other.plus(o.other), names);
        }
        // remember the oldest frozen instance with this content, so chains of offers and returns stay one hop long
        sameAs = wasEmpty ? (o.sameAs != null ? o.sameAs : o.frozen ? o : null) : null;
    }

    /** Takes out as much of {@code want} as is here and returns what was taken (frozen). */
    Amounts takeUpTo(Amounts want, NameIndex names) {
        if (sameAs != null && (want == sameAs || want.sameAs == sameAs)) {
            // this holds exactly what is wanted: hand out the frozen instance with that content
            Amounts taken = sameAs;
            takeAll();
            return taken;
        }
        sameAs = null;
        Amounts taken = new Amounts();
        taken.frozen = true;
        int n = Math.min(scalars.length, want.scalars.length);
        if (n > 0) {
            taken.scalars = new long[n];
            for (int i = 0; i < n; i++) {
                long t = Math.min(scalars[i], want.scalars[i]);
                if (t > 0) {
                    scalars[i] -= t;
                    taken.scalars[i] = t;
                }
            }
        }
        int m = Math.min(ranges.length, want.ranges.length);
        if (m > 0) {
            taken.ranges = new long[m][];
            for (int i = 0; i < m; i++) {
                if (!Intervals.isEmpty(ranges[i]) && !Intervals.isEmpty(want.ranges[i])) {
                    taken.ranges[i] = Intervals.intersect(ranges[i], want.ranges[i]);
                    ranges[i] = Intervals.minus(ranges[i], want.ranges[i]);
                }
            }
        }
        if (!other.isEmpty() && !want.other.isEmpty()) {
            Resources rest = other.minus(want.other);
            taken.setOther(other.minus(rest), names);
            setOther(rest, names);
        }
        return taken;
    }

    /** Moves everything here into a new, frozen instance and leaves this empty. */
    Amounts takeAll() {
        Amounts taken = new Amounts();
        taken.scalars = scalars;
        taken.ranges = ranges;
        taken.other = other;
        taken.otherScalars = otherScalars;
        taken.frozen = true;
        taken.sameAs = sameAs;
        scalars = Quantities.NONE;
        ranges = NO_RANGES;
        other = Resources.empty();
        otherScalars = Quantities.NONE;
        sameAs = null;
        return taken;
    }

    /** True when this is known to equal {@code o} without looking at the content. */
    boolean knownEqualTo(Amounts o) {
        return knownEqual(this, o);
    }

    /** True when {@code a} and {@code b} are known to be equal without looking at their content. */
    private static boolean knownEqual(Amounts a, Amounts b) {
        return a == b || a.sameAs == b || b.sameAs == a || (a.sameAs != null && a.sameAs == b.sameAs);
    }

    /** True when this holds all of {@code o}. */
    boolean containsAll(Amounts o) {
        if (knownEqual(this, o)) {
            return true;
        }
        for (int i = 0; i < o.scalars.length; i++) {
            if (o.scalars[i] > plain(i)) {
                return false;
            }
        }
        for (int i = 0; i < o.ranges.length; i++) {
            if (!Intervals.contains(ranges(i), o.ranges[i])) {
                return false;
            }
        }
        return o.other.isEmpty() || other.contains(o.other);
    }

    /** True when this holds exactly what {@code o} holds. */
    boolean sameContent(Amounts o) {
        if (knownEqual(this, o)) {
            return true;
        }
        int n = Math.max(scalars.length, o.scalars.length);
        for (int i = 0; i < n; i++) {
            if (plain(i) != o.plain(i)) {
                return false;
            }
        }
        int m = Math.max(ranges.length, o.ranges.length);
        for (int i = 0; i < m; i++) {
            long[] a = ranges(i);
            long[] b = o.ranges(i);
            if (a != b && !Arrays.equals(a, b)) {
                return false;
            }
        }
        return other == o.other || other.equals(o.other);
    }

    Amounts copy() {
        Amounts c = new Amounts();
        c.scalars = scalars.clone();
        c.ranges = ranges.clone();
        c.other = other;
        c.otherScalars = otherScalars;
        c.sameAs = sameAs != null ? sameAs : frozen ? this : null;
        return c;
    }

    /** Keeps only plain scalars at most {@code allowed} (by name number), the ranges, and nothing else. */
    Amounts chopped(long[] allowed) {
        Amounts c = new Amounts();
        c.scalars = new long[scalars.length];
        for (int i = 0; i < scalars.length; i++) {
            c.scalars[i] = Math.min(scalars[i], i < allowed.length ? allowed[i] : Long.MAX_VALUE);
        }
        c.ranges = ranges.clone();
        return c;
    }

    /** A copy without plain scalar number {@code i} (and without other resources of that name). */
    Amounts without(int i, String name, NameIndex names) {
        Amounts c = copy();
        c.sameAs = null;
        if (i < c.scalars.length) {
            c.scalars[i] = 0;
        }
        if (!other.isEmpty()) {
            c.setOther(other.filter(r -> !r.getName().equals(name)), names);
        }
        return c;
    }

    void setOther(Resources r, NameIndex names) {
        sameAs = null;
        other = r;
        if (r.isEmpty()) {
            otherScalars = Quantities.NONE;
            return;
        }
        long[] q = new long[names.size() + 1];
        for (Resource res : r.toList()) {
            if (res.getType() == Value.Type.SCALAR) {
                int i = names.of(res.getName());
                if (i >= q.length) {
                    q = Arrays.copyOf(q, i + 1);
                }
                q[i] += (long) Math.rint(res.getScalar().getValue() * 1000.0);
            }
        }
        otherScalars = q;
    }

    /** Adds {@code sign} times the scalar quantities here to {@code q}. */
    void addTo(Quantities q, int sign) {
        q.add(scalars, sign);
        if (otherScalars.length > 0) {
            q.add(otherScalars, sign);
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        b.append(Arrays.toString(scalars));
        for (long[] r : ranges) {
            b.append(' ').append(Arrays.toString(r));
        }
        if (!other.isEmpty()) {
            b.append(' ').append(other);
        }
        return b.append('}').toString();
    }
}
