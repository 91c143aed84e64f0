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

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;

/**
 * Mesos's well-formedness rules for a single {@link Resource}, and the upgrade from the
 * deprecated {@code role}/{@code reservation} fields to the {@code reservations} stack.
 */
final class ResourceValidator {

    // Largest scalar whose thousandths still fit a long.
    private static final double MAX_SCALAR = Long.MAX_VALUE / 1000.0;

    private ResourceValidator() {
    }

    /** The first rule {@code resource} breaks, as a message naming the resource, if any. */
    static Optional<String> validate(Resource resource) {
        if (!resource.hasName() || resource.getName().isEmpty()) {
            return Optional.of("resource name must not be empty");
        }
        String name = "resource '" + resource.getName() + "': ";
        if (!resource.hasType()) {
            return Optional.of(name + "type is missing");
        }
        Optional<String> valueError = validateValue(resource);
        if (valueError.isPresent()) {
            return Optional.of(name + valueError.get());
        }
        if (resource.hasDisk() && !resource.getName().equals("disk")) {
            return Optional.of(name + "disk info is only allowed on 'disk' resources");
        }
        Optional<String> reservationError = validateReservations(resource);
        if (reservationError.isPresent()) {
            return Optional.of(name + reservationError.get());
        }
        if (resource.hasShared() && !(resource.getName().equals("disk")
                && resource.hasDisk() && resource.getDisk().hasPersistence())) {
            return Optional.of(name + "only persistent volumes can be shared");
        }
        return Optional.empty();
    }

    private static Optional<String> validateValue(Resource resource) {
        switch (resource.getType()) {
            case SCALAR -> {
                if (!resource.hasScalar() || resource.hasRanges() || resource.hasSet()) {
                    return Optional.of("SCALAR resource must have a scalar value and nothing else");
                }
                double value = resource.getScalar().getValue();
                if (Double.isNaN(value) || Double.isInfinite(value)) {
                    return Optional.of("scalar value " + value + " is not a finite number");
                }
                if (value < 0) {
                    return Optional.of("scalar value " + value + " is negative");
                }
                if (value > MAX_SCALAR) {
                    return Optional.of("scalar value " + value + " is too large");
                }
            }
            case RANGES -> {
                if (!resource.hasRanges() || resource.hasScalar() || resource.hasSet()) {
                    return Optional.of("RANGES resource must have a ranges value and nothing else");
                }
                List<Value.Range> ranges = resource.getRanges().getRangeList();
                for (int i = 0; i < ranges.size(); i++) {
                    Value.Range range = ranges.get(i);
                    if (Long.compareUnsigned(range.getBegin(), range.getEnd()) > 0) {
                        return Optional.of("range " + format(range) + " has begin greater than end");
                    }
                    for (int j = i + 1; j < ranges.size(); j++) {
                        Value.Range other = ranges.get(j);
                        if (Long.compareUnsigned(range.getBegin(), other.getEnd()) <= 0
                                && Long.compareUnsigned(other.getBegin(), range.getEnd()) <= 0) {
                            return Optional.of("ranges " + format(range) + " and " + format(other) + " overlap");
                        }
                    }
                }
            }
            case SET -> {
                if (!resource.hasSet() || resource.hasScalar() || resource.hasRanges()) {
                    return Optional.of("SET resource must have a set value and nothing else");
                }
                Set<String> seen = new HashSet<>();
                for (String item : resource.getSet().getItemList()) {
                    if (!seen.add(item)) {
                        return Optional.of("set item '" + item + "' appears more than once");
                    }
                }
            }
            default -> {
                return Optional.of("type " + resource.getType() + " is not allowed for resources");
            }
        }
        return Optional.empty();
    }

    private static String format(Value.Range range) {
        return "[" + Long.toUnsignedString(range.getBegin()) + "-" + Long.toUnsignedString(range.getEnd()) + "]";
    }

    private static Optional<String> validateReservations(Resource resource) {
        if (resource.getReservationsCount() == 0) {
            // Pre-refinement format: `role` plus optional `reservation`.
            Optional<String> roleError = validateRole(resource.getRole());
            if (roleError.isPresent()) {
                return roleError;
            }
            if (resource.hasReservation()) {
                Resource.ReservationInfo reservation = resource.getReservation();
                if (reservation.hasType() || reservation.hasRole()) {
                    return Optional.of("'reservation' must not carry type or role; use 'reservations'");
                }
                if (resource.getRole().equals("*")) {
                    return Optional.of("role '*' cannot be dynamically reserved");
                }
            }
            return Optional.empty();
        }
        if (resource.hasRole() || resource.hasReservation()) {
            return Optional.of("'role' and 'reservation' must not be set together with 'reservations'");
        }
        String ancestor = null;
        for (Resource.ReservationInfo reservation : resource.getReservationsList()) {
            String role = reservation.getRole();
            if (!reservation.hasRole() || role.equals("*")) {
                return Optional.of("a reservation needs a role other than '*'");
            }
            Optional<String> roleError = validateRole(role);
            if (roleError.isPresent()) {
                return roleError;
            }
            if (reservation.getType() != Resource.ReservationInfo.Type.STATIC
                    && reservation.getType() != Resource.ReservationInfo.Type.DYNAMIC) {
                return Optional.of("reservation for role '" + role + "' must be STATIC or DYNAMIC");
            }
            if (ancestor != null) {
                if (reservation.getType() == Resource.ReservationInfo.Type.STATIC) {
                    return Optional.of("refined reservation for role '" + role + "' cannot be STATIC");
                }
                if (!role.startsWith(ancestor + "/")) {
                    return Optional.of("refined reservation role '" + role + "' is not a sub-role of '"
                            + ancestor + "'");
                }
            }
            ancestor = role;
        }
        return Optional.empty();
    }

    /** Mesos role name rules: '*' or '/'-separated components without whitespace, '.', '..' or leading '-'. */
    static Optional<String> validateRole(String role) {
        if (role.equals("*")) {
            return Optional.empty();
        }
        if (role.isEmpty()) {
            return Optional.of("role name must not be empty");
        }
        for (String component : role.split("/", -1)) {
            if (component.isEmpty()) {
                return Optional.of("role '" + role + "' must not start or end with '/' or contain '//'");
            }
            if (component.equals(".") || component.equals("..") || component.equals("*")) {
                return Optional.of("role '" + role + "' has an invalid component '" + component + "'");
            }
            if (component.startsWith("-")) {
                return Optional.of("role '" + role + "' has a component starting with '-'");
            }
            if (component.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                return Optional.of("role '" + role + "' contains whitespace or control characters");
            }
        }
        return Optional.empty();
    }

    /**
     * Moves a reservation in the deprecated format ({@code role} other than "*", optional
     * {@code reservation}) into the {@code reservations} stack, STATIC or DYNAMIC as Mesos does,
     * and clears the deprecated fields. Resources already using {@code reservations} are returned
     * unchanged.
     */
    static Resource upgrade(Resource resource) {
        if (resource.getReservationsCount() > 0 || (!resource.hasRole() && !resource.hasReservation())) {
            return resource;
        }
        Resource.Builder builder = resource.toBuilder().clearRole().clearReservation();
        if (!resource.getRole().equals("*")) {
            Resource.ReservationInfo.Builder reservation = resource.hasReservation()
                    ? resource.getReservation().toBuilder().setType(Resource.ReservationInfo.Type.DYNAMIC)
                    : Resource.ReservationInfo.newBuilder().setType(Resource.ReservationInfo.Type.STATIC);
            builder.addReservations(reservation.setRole(resource.getRole()));
        }
        return builder.build();
    }
}
