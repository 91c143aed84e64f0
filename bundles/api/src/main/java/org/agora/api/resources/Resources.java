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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;

/**
 * An immutable collection of Mesos resources ({@link Resource}) with Mesos's arithmetic.
 *
 * <p><b>Combining.</b> Resources with the same identity merge into one: same name, type,
 * reservations stack, allocation info, disk info, revocable and shared markers and resource
 * provider. Scalars are fixed point with three decimals (held as thousandths, so
 * {@code 0.1 + 0.2 == 0.3}); ranges are sets of unsigned 64-bit numbers, coalesced; sets are
 * sets of strings. Exclusive disks (MOUNT and BLOCK disks, identified RAW disks and persistent
 * volumes) never merge. A shared persistent volume is counted: adding it twice holds it twice.
 *
 * <p><b>Format.</b> Resources are held in the "post-reservation-refinement" format: a
 * resource given with the deprecated {@code role}/{@code reservation} fields is upgraded to the
 * {@code reservations} stack on entry ({@code role: "eng"} becomes a STATIC reservation, with a
 * {@code reservation} a DYNAMIC one), and {@code role: "*"} is dropped.
 *
 * <p><b>Validity.</b> Every resource entering a {@code Resources} must pass
 * {@link #validate(Resource)}; otherwise {@link IllegalArgumentException} is thrown. Empty
 * resources (zero scalar, no ranges, no items) are dropped.
 *
 * <p>Equality is by content: two instances are equal when they hold the same resources,
 * whatever the order in which they were added.
 */
public final class Resources {

    private static final Resources EMPTY = new Resources(List.of());

    // Insertion order, one entry per identity except for exclusive disks.
    private final List<ResourceEntry> entries;

    private Resources(List<ResourceEntry> entries) {
        this.entries = entries;
    }

    /** The empty collection. */
    public static Resources empty() {
        return EMPTY;
    }

    /**
     * The sum of the given resources.
     *
     * @throws IllegalArgumentException if any resource is invalid (see {@link #validate(Resource)})
     */
    public static Resources of(Resource... resources) {
        return of(List.of(resources));
    }

    /**
     * The sum of the given resources.
     *
     * @throws IllegalArgumentException if any resource is invalid (see {@link #validate(Resource)})
     */
    public static Resources of(Iterable<? extends Resource> resources) {
        List<ResourceEntry> entries = new ArrayList<>();
        for (Resource resource : resources) {
            add(entries, entry(resource));
        }
        return wrap(entries);
    }

    /**
     * The sum of many collections at once: the same as adding them one by one with {@link #plus(Resources)}, without
     * a copy per addition (for totals over thousands of tasks).
     */
    public static Resources sum(Iterable<Resources> collections) {
        List<ResourceEntry> entries = new ArrayList<>();
        for (Resources r : collections) {
            r.entries.forEach(e -> add(entries, e));
        }
        return wrap(entries);
    }

    /**
     * Parses the agent {@code --resources} text form, e.g.
     * {@code cpus:4;mem:2048;ports:[31000-32000,33000-33010];cpus(eng):2;disks:{a,b}}.
     * A role in parentheses other than {@code *} is a STATIC reservation for that role.
     * Fragments with the same identity are summed.
     *
     * @throws IllegalArgumentException naming the offending fragment and the reason
     */
    public static Resources parse(String text) {
        return of(ResourceParser.parse(text));
    }

    /**
     * Checks one resource against Mesos's rules: a non-empty name; a value matching the type
     * (SCALAR, RANGES or SET, never TEXT); a finite, non-negative scalar; ranges with
     * begin &le; end that do not overlap; no duplicate set items; valid role names and a
     * well-formed reservation (refinements must be DYNAMIC sub-roles); disk info only on
     * {@code disk}; sharing only for persistent volumes.
     *
     * @return the first violation, naming the resource, or empty when the resource is valid
     */
    public static Optional<String> validate(Resource resource) {
        Objects.requireNonNull(resource, "resource");
        return ResourceValidator.validate(resource);
    }

    private static ResourceEntry entry(Resource resource) {
        Optional<String> error = validate(resource);
        if (error.isPresent()) {
            throw new IllegalArgumentException(error.get());
        }
        return ResourceEntry.of(resource);
    }

    private static Resources wrap(List<ResourceEntry> entries) {
        return entries.isEmpty() ? EMPTY : new Resources(Collections.unmodifiableList(entries));
    }

    private static void add(List<ResourceEntry> entries, ResourceEntry addition) {
        if (addition.isEmpty()) {
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).addable(addition)) {
                entries.set(i, entries.get(i).plus(addition));
                return;
            }
        }
        entries.add(addition);
    }

    private static void subtract(List<ResourceEntry> entries, ResourceEntry removal) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).subtractable(removal)) {
                Optional<ResourceEntry> rest = entries.get(i).minus(removal);
                if (rest.isPresent()) {
                    entries.set(i, rest.get());
                } else {
                    entries.remove(i);
                }
                return;
            }
        }
    }

    /** This plus {@code other}. */
    public Resources plus(Resources other) {
        List<ResourceEntry> result = new ArrayList<>(entries);
        other.entries.forEach(e -> add(result, e));
        return wrap(result);
    }

    /**
     * This plus one resource.
     *
     * @throws IllegalArgumentException if {@code resource} is invalid
     */
    public Resources plus(Resource resource) {
        List<ResourceEntry> result = new ArrayList<>(entries);
        add(result, entry(resource));
        return wrap(result);
    }

    /**
     * This minus {@code other}. Nothing goes below zero: taking more of a resource than there is
     * removes it, and taking a resource that is not here (other identity) changes nothing.
     */
    public Resources minus(Resources other) {
        List<ResourceEntry> result = new ArrayList<>(entries);
        other.entries.forEach(e -> subtract(result, e));
        return wrap(result);
    }

    /**
     * This minus one resource, as {@link #minus(Resources)}.
     *
     * @throws IllegalArgumentException if {@code resource} is invalid
     */
    public Resources minus(Resource resource) {
        return minus(of(resource));
    }

    /**
     * True when this holds all of {@code other}: for every resource of {@code other} there is
     * one with the same identity here holding at least as much. Reserved and unreserved
     * resources, or resources of different roles, never stand in for each other.
     */
    public boolean contains(Resources other) {
        List<ResourceEntry> remaining = new ArrayList<>(entries);
        for (ResourceEntry wanted : other.entries) {
            if (remaining.stream().noneMatch(e -> e.contains(wanted))) {
                return false;
            }
            subtract(remaining, wanted);
        }
        return true;
    }

    /**
     * True when this holds all of {@code resource}.
     *
     * @throws IllegalArgumentException if {@code resource} is invalid
     */
    public boolean contains(Resource resource) {
        return contains(of(resource));
    }

    /** True when there is no resource at all. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * True when every resource here is a scalar. Sums of scalars can be undone exactly with {@link #minus}; ranges
     * and sets cannot once two summed parts overlapped (the same ports of two agents), because a sum keeps their
     * union.
     */
    public boolean scalarsOnly() {
        for (ResourceEntry e : entries) {
            if (e.type() != Value.Type.SCALAR) {
                return false;
            }
        }
        return true;
    }

    /**
     * Total of the scalar resources named {@code name} across all roles and reservations,
     * rounded to three decimals; 0 when there is none.
     */
    public double scalar(String name) {
        long millis = 0;
        for (ResourceEntry entry : entries) {
            if (entry.name().equals(name) && entry.type() == Value.Type.SCALAR) {
                millis = Math.addExact(millis, entry.millis());
            }
        }
        return ResourceEntry.fromMillis(millis);
    }

    /** Union of the ranges resources named {@code name}, coalesced and sorted; empty when none. */
    public Value.Ranges ranges(String name) {
        return rangeSet(name).toProto();
    }

    private RangeSet rangeSet(String name) {
        RangeSet union = RangeSet.EMPTY;
        for (ResourceEntry entry : entries) {
            if (entry.name().equals(name) && entry.type() == Value.Type.RANGES) {
                union = union.plus(entry.ranges());
            }
        }
        return union;
    }

    /** Union of the items of the set resources named {@code name}, sorted; empty when none. */
    public Set<String> items(String name) {
        TreeSet<String> union = new TreeSet<>();
        for (ResourceEntry entry : entries) {
            if (entry.name().equals(name) && entry.type() == Value.Type.SET) {
                union.addAll(entry.items());
            }
        }
        return Collections.unmodifiableSortedSet(union);
    }

    /** The resources (as {@link #toList()} shows them) that satisfy {@code predicate}. */
    public Resources filter(Predicate<? super Resource> predicate) {
        return wrap(entries.stream()
                .filter(e -> predicate.test(e.toProto()))
                .collect(Collectors.toCollection(ArrayList::new)));
    }

    /** Resources whose current (innermost) reservation is for {@code role}. */
    public Resources reserved(String role) {
        return filterKeys(k -> k.getReservationsCount() > 0
                && k.getReservations(k.getReservationsCount() - 1).getRole().equals(role));
    }

    /** All reserved resources, statically or dynamically, for any role. */
    public Resources reserved() {
        return filterKeys(k -> k.getReservationsCount() > 0);
    }

    /** Resources without any reservation. */
    public Resources unreserved() {
        return filterKeys(k -> k.getReservationsCount() == 0);
    }

    /** Resources whose {@code allocation_info.role} is {@code role}. */
    public Resources allocatedTo(String role) {
        return filterKeys(k -> k.hasAllocationInfo() && k.getAllocationInfo().getRole().equals(role));
    }

    /** Revocable resources only. */
    public Resources revocable() {
        return filterKeys(Resource::hasRevocable);
    }

    /** Non-revocable resources only. */
    public Resources nonRevocable() {
        return filterKeys(k -> !k.hasRevocable());
    }

    private Resources filterKeys(Predicate<Resource> predicate) {
        return wrap(entries.stream()
                .filter(e -> predicate.test(e.key()))
                .collect(Collectors.toCollection(ArrayList::new)));
    }

    /**
     * These resources with {@code allocation_info.role} set to {@code role} where it is not set
     * yet (as the Mesos master does for ACCEPTed operations); existing allocation info is kept.
     */
    public Resources withAllocationRole(String role) {
        Objects.requireNonNull(role, "role");
        List<ResourceEntry> result = new ArrayList<>();
        for (ResourceEntry entry : entries) {
            ResourceEntry allocated = entry.key().hasAllocationInfo() ? entry
                    : entry.withKey(entry.key().toBuilder()
                            .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role))
                            .build());
            add(result, allocated);
        }
        return wrap(result);
    }

    /**
     * The resources as protobufs in the post-reservation-refinement format, one per merged
     * identity, in order of first addition. Scalars carry their three-decimal value, ranges are
     * coalesced, set items sorted. A shared volume appears once however often it is held.
     */
    public List<Resource> toList() {
        return entries.stream().map(ResourceEntry::toProto).toList();
    }

    /** Ranges in Mesos's text form, coalesced and sorted: {@code "[31000-32000, 33000-33010]"}. */
    public static String rangesText(Value.Ranges ranges) {
        return RangeSet.of(ranges).toString();
    }

    /**
     * The flat form of the Mesos v0 JSON endpoints ({@code /state}): resource name to total,
     * summed over roles; scalars as {@link Double}, ranges and sets as their Mesos text
     * ({@code "[31000-32000]"}, {@code "{a, b}"}). {@code cpus}, {@code gpus}, {@code mem} and
     * {@code disk} are always present (0.0 when absent), revocable resources appear under
     * {@code <name>_revocable}. Keys are sorted.
     */
    public Map<String, Object> flatten() {
        SortedMap<String, Object> flat = new TreeMap<>();
        for (String name : List.of("cpus", "gpus", "mem", "disk")) {
            flat.put(name, 0.0);
        }
        nonRevocable().flattenInto(flat, "");
        revocable().flattenInto(flat, "_revocable");
        return Collections.unmodifiableSortedMap(flat);
    }

    private void flattenInto(Map<String, Object> flat, String suffix) {
        Map<String, Value.Type> types = new HashMap<>();
        for (ResourceEntry entry : entries) {
            types.putIfAbsent(entry.name(), entry.type());
        }
        types.forEach((name, type) -> {
            switch (type) {
                case SCALAR -> flat.put(name + suffix, scalar(name));
                case RANGES -> flat.put(name + suffix, rangeSet(name).toString());
                case SET -> flat.put(name + suffix, ResourceFormat.set(items(name)));
                default -> { }
            }
        });
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Resources other) || entries.size() != other.entries.size()) {
            return false;
        }
        return counts(entries).equals(counts(other.entries));
    }

    private static Map<ResourceEntry, Integer> counts(List<ResourceEntry> entries) {
        Map<ResourceEntry, Integer> counts = new HashMap<>();
        entries.forEach(e -> counts.merge(e, 1, Integer::sum));
        return counts;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (ResourceEntry entry : entries) {
            hash += entry.hashCode();
        }
        return hash;
    }

    /** Mesos notation: {@code cpus:4; mem:1024; ports:[31000-32000]}, or {@code {}} when empty. */
    @Override
    public String toString() {
        if (entries.isEmpty()) {
            return "{}";
        }
        return entries.stream().map(ResourceEntry::toString).collect(Collectors.joining("; "));
    }
}
