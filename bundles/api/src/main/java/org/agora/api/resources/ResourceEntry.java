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

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;

/**
 * One element of a {@link Resources}: an identity (the resource protobuf without its value)
 * and a quantity, with Mesos's rules for when two elements combine.
 *
 * <p>Scalars are held as thousandths in a {@code long}, ranges as a {@link RangeSet}, sets as a
 * sorted item set. Shared resources (persistent volumes with {@code shared}) carry a count
 * instead: adding the same shared volume twice counts it twice.
 */
final class ResourceEntry {

    private final Resource key;
    private final long millis;
    private final RangeSet ranges;
    private final SortedSet<String> items;
    private final int sharedCount;

    private ResourceEntry(Resource key, long millis, RangeSet ranges, SortedSet<String> items, int sharedCount) {
        this.key = key;
        this.millis = millis;
        this.ranges = ranges;
        this.items = items;
        this.sharedCount = sharedCount;
    }

    /** Wraps a resource that {@link ResourceValidator#validate} accepted. */
    static ResourceEntry of(Resource resource) {
        Resource upgraded = ResourceValidator.upgrade(resource);
        Resource key = upgraded.toBuilder().clearScalar().clearRanges().clearSet().build();
        return switch (upgraded.getType()) {
            case SCALAR -> new ResourceEntry(key, toMillis(upgraded.getScalar().getValue()), RangeSet.EMPTY,
                    Collections.emptySortedSet(), 1);
            case RANGES -> new ResourceEntry(key, 0, RangeSet.of(upgraded.getRanges()),
                    Collections.emptySortedSet(), 1);
            case SET -> new ResourceEntry(key, 0, RangeSet.EMPTY,
                    Collections.unmodifiableSortedSet(new TreeSet<>(upgraded.getSet().getItemList())), 1);
            default -> throw new IllegalArgumentException("resource '" + upgraded.getName()
                    + "' has unsupported type " + upgraded.getType());
        };
    }

    /** Mesos fixed point: three decimals, rounded half to even. */
    static long toMillis(double value) {
        return (long) Math.rint(value * 1000.0);
    }

    static double fromMillis(long millis) {
        return millis / 1000.0;
    }

    /** The identity: the resource without scalar, ranges or set. */
    Resource key() {
        return key;
    }

    String name() {
        return key.getName();
    }

    Value.Type type() {
        return key.getType();
    }

    long millis() {
        return millis;
    }

    RangeSet ranges() {
        return ranges;
    }

    SortedSet<String> items() {
        return items;
    }

    int sharedCount() {
        return sharedCount;
    }

    boolean isShared() {
        return key.hasShared();
    }

    boolean isEmpty() {
        if (isShared() && sharedCount <= 0) {
            return true;
        }
        return switch (type()) {
            case SCALAR -> millis == 0;
            case RANGES -> ranges.isEmpty();
            case SET -> items.isEmpty();
            default -> true;
        };
    }

    /** The resource with its value, as it goes on the wire. */
    Resource toProto() {
        Resource.Builder builder = key.toBuilder();
        switch (type()) {
            case SCALAR -> builder.setScalar(Value.Scalar.newBuilder().setValue(fromMillis(millis)));
            case RANGES -> builder.setRanges(ranges.toProto());
            case SET -> builder.setSet(Value.Set.newBuilder().addAllItem(items));
            default -> { }
        }
        return builder.build();
    }

    /** The same quantity under another identity (which must keep name and type). */
    ResourceEntry withKey(Resource newKey) {
        return new ResourceEntry(newKey, millis, ranges, items, sharedCount);
    }

    // Disks that may only be used whole: mount and block disks, identified raw disks,
    // and persistent volumes. Such resources never merge with one another.
    private boolean isExclusive() {
        if (!key.hasDisk()) {
            return false;
        }
        Resource.DiskInfo disk = key.getDisk();
        if (disk.hasPersistence()) {
            return true;
        }
        if (disk.hasSource()) {
            return switch (disk.getSource().getType()) {
                case MOUNT, BLOCK -> true;
                case RAW -> disk.getSource().hasId();
                default -> false;
            };
        }
        return false;
    }

    private boolean sameValue(ResourceEntry other) {
        return millis == other.millis && ranges.equals(other.ranges) && items.equals(other.items);
    }

    // Keys are compared for every addition: by identity first (entries of one task share theirs), then by the
    // message's hash, which it keeps once computed, so that cpus and mem part without comparing their fields.
    private boolean sameKey(ResourceEntry other) {
        return key == other.key || key.hashCode() == other.key.hashCode() && key.equals(other.key);
    }

    /** True when {@code other} merges into this entry on addition. */
    boolean addable(ResourceEntry other) {
        if (!sameKey(other)) {
            return false;
        }
        if (isShared()) {
            return sameValue(other);
        }
        return !isExclusive();
    }

    /** True when {@code other} can be taken out of this entry. */
    boolean subtractable(ResourceEntry other) {
        if (!sameKey(other)) {
            return false;
        }
        if (isShared() || isExclusive()) {
            return sameValue(other);
        }
        return true;
    }

    /** True when this entry holds at least what {@code other} holds. */
    boolean contains(ResourceEntry other) {
        if (!subtractable(other)) {
            return false;
        }
        if (isShared()) {
            return sharedCount >= other.sharedCount;
        }
        return switch (type()) {
            case SCALAR -> other.millis <= millis;
            case RANGES -> ranges.containsAll(other.ranges);
            case SET -> items.containsAll(other.items);
            default -> false;
        };
    }

    /** Sum with an {@link #addable} entry. */
    ResourceEntry plus(ResourceEntry other) {
        if (isShared()) {
            return new ResourceEntry(key, millis, ranges, items, sharedCount + other.sharedCount);
        }
        return switch (type()) {
            case SCALAR -> new ResourceEntry(key, Math.addExact(millis, other.millis), ranges, items, 1);
            case RANGES -> new ResourceEntry(key, 0, ranges.plus(other.ranges), items, 1);
            case SET -> {
                TreeSet<String> union = new TreeSet<>(items);
                union.addAll(other.items);
                yield new ResourceEntry(key, 0, ranges, Collections.unmodifiableSortedSet(union), 1);
            }
            default -> throw new IllegalStateException("unsupported type " + type());
        };
    }

    /**
     * Difference with a {@link #subtractable} entry; empty when nothing is left. Taking more
     * than there is leaves nothing rather than a negative quantity.
     */
    Optional<ResourceEntry> minus(ResourceEntry other) {
        ResourceEntry result;
        if (isShared()) {
            result = new ResourceEntry(key, millis, ranges, items, sharedCount - other.sharedCount);
        } else {
            result = switch (type()) {
                case SCALAR -> new ResourceEntry(key, Math.max(0, millis - other.millis), ranges, items, 1);
                case RANGES -> new ResourceEntry(key, 0, ranges.minus(other.ranges), items, 1);
                case SET -> {
                    TreeSet<String> rest = new TreeSet<>(items);
                    rest.removeAll(other.items);
                    yield new ResourceEntry(key, 0, ranges, Collections.unmodifiableSortedSet(rest), 1);
                }
                default -> throw new IllegalStateException("unsupported type " + type());
            };
        }
        return result.isEmpty() ? Optional.empty() : Optional.of(result);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceEntry other
                && key.equals(other.key)
                && sharedCount == other.sharedCount
                && sameValue(other);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, millis, ranges, items, sharedCount);
    }

    /** Mesos notation, e.g. {@code cpus(reservations: [(STATIC,eng)]):4}. */
    @Override
    public String toString() {
        return ResourceFormat.format(this);
    }
}
