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
package org.agora.master.internal.task;

import java.util.ArrayList;
import java.util.List;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.role.Reservations;
import org.agora.master.internal.role.RoleCalls;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.security.Permissions;
import org.agora.api.security.Action;
import org.agora.api.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RESERVE and UNRESERVE inside an ACCEPT: a framework reserves offered resources for its role (or gives such a
 * reservation up). Checked as Mesos does; an invalid operation is dropped with a log line and the accept goes on
 * with the rest, also as Mesos does.
 *
 * <p>Registry first: {@link #plan} checks every reservation operation of the ACCEPT before anything applies and
 * yields the agent's reservations as the ACCEPT leaves them, which the launcher persists; {@link #apply} then makes
 * each planned change. The plan counts every task launched before a reservation operation as taking its resources
 * (whether or not it will launch), so the resources a planned change needs are always there when it applies.
 * Actor thread only.
 */
final class ReservationOperations {
    private static final Logger LOG = LoggerFactory.getLogger(ReservationOperations.class);

    private final Reservations reservations;
    private final RoleCalls roles;
    private final Permissions permissions;

    ReservationOperations(Reservations reservations, RoleCalls roles, Permissions permissions) {
        this.reservations = reservations;
        this.roles = roles;
        this.permissions = permissions;
    }

    /**
     * One reservation operation that passed its checks.
     *
     * @param operationIndex its position among the ACCEPT's RESERVE and UNRESERVE operations
     * @param from           the resources it takes from the offer
     * @param to             the resources it puts in their place
     * @param reserved       the agent's dynamic reservations after it
     */
    record Change(int operationIndex, Resources from, Resources to, Resources reserved, boolean reserve) {
    }

    /** The checked reservation changes of an ACCEPT, and the agent's reservations after all of them. */
    record Plan(List<Change> changes, Resources reserved) {
    }

    static boolean isReservation(Offer.Operation op) {
        return op.getType() == Offer.Operation.Type.RESERVE || op.getType() == Offer.Operation.Type.UNRESERVE;
    }

    /** Checks the ACCEPT's reservation operations in order against {@code offered}; nothing changes. */
    Plan plan(FrameworkRecord f, Offer offer, List<Offer.Operation> operations, Resources offered) {
        Resources available = offered;
        String role = offer.getAllocationInfo().getRole();
        Resources reserved = reservations.on(offer.getAgentId());
        List<Change> changes = new ArrayList<>();
        int index = 0;
        for (Offer.Operation op : operations) {
            switch (op.getType()) {
                case LAUNCH -> {
                    for (TaskInfo t : op.getLaunch().getTaskInfosList()) {
                        available = takeAtMost(available, t.getResourcesList(), role);
                        if (t.hasExecutor()) {
                            available = takeAtMost(available, t.getExecutor().getResourcesList(), role);
                        }
                    }
                }
                case LAUNCH_GROUP -> {
                    available = takeAtMost(available, op.getLaunchGroup().getExecutor().getResourcesList(), role);
                    for (TaskInfo t : op.getLaunchGroup().getTaskGroup().getTasksList()) {
                        available = takeAtMost(available, t.getResourcesList(), role);
                    }
                }
                case RESERVE, UNRESERVE -> {
                    try {
                        Change c = check(f, offer, op, available, reserved, index);
                        changes.add(c);
                        available = available.minus(c.from()).plus(c.to());
                        reserved = c.reserved();
                    } catch (IllegalArgumentException e) {
                        LOG.warn("Framework {}: {} operation dropped: {}", f.idValue(), op.getType(), e.getMessage());
                    }
                    index++;
                }
                default -> { }
            }
        }
        return new Plan(changes, reserved);
    }

    /** Makes a planned (and persisted) change; returns what is available afterwards (unchanged if refused). */
    Resources apply(FrameworkRecord f, Offer offer, Change c, Resources available) {
        if (!available.contains(c.from())) {
            // cannot happen with a plan made for this ACCEPT; kept as a guard against losing resources
            LOG.error("Framework {}: planned {} of {} no longer fits {}", f.idValue(), c.reserve() ? "RESERVE"
                    : "UNRESERVE", c.from(), available);
            return available;
        }
        try {
            roles.applyFrameworkReservation(f.id(), offer.getAgentId(), c.from(), c.to(), c.reserved());
        } catch (UnsupportedOperationException e) {
            LOG.warn("Framework {}: {} operation dropped by the allocator: {}", f.idValue(), c.reserve() ? "RESERVE"
                    : "UNRESERVE", e.getMessage());
            return available;
        }
        LOG.info("Framework {}: {} {} on agent {}", f.idValue(), c.reserve() ? "reserved" : "unreserved",
                Reservations.unallocated(c.reserve() ? c.to() : c.from()), offer.getAgentId().getValue());
        return available.minus(c.from()).plus(c.to());
    }

    private Change check(FrameworkRecord f, Offer offer, Offer.Operation op, Resources available, Resources onAgent,
            int index) {
        boolean reserve = op.getType() == Offer.Operation.Type.RESERVE;
        var resources = reserve ? op.getReserve().getResourcesList() : op.getUnreserve().getResourcesList();
        String field = reserve ? "reserve.resources" : "unreserve.resources";
        Reservations.checkReservable(field, resources);
        String role = offer.getAllocationInfo().getRole();
        Resources named = Resources.of(resources).withAllocationRole(role);
        for (Resource r : named.toList()) {
            checkOwnership(f, r);
        }
        Caller subject = f.info().getPrincipal().isEmpty() ? Caller.ANONYMOUS
                : Caller.of(new Principal(f.info().getPrincipal()));
        for (Resource r : named.toList()) {
            var top = r.getReservations(r.getReservationsCount() - 1);
            boolean allowed = reserve ? permissions.allows(subject, Action.RESERVE_RESOURCES, top.getRole())
                    : permissions.allows(subject, Action.UNRESERVE_RESOURCES, top.getPrincipal());
            if (!allowed) {
                throw new IllegalArgumentException("principal '" + subject.describe() + "' is not authorized to "
                        + (reserve ? "reserve resources for role '" + top.getRole() + "'"
                                : "unreserve resources reserved by '" + top.getPrincipal() + "'"));
            }
        }
        Resources from = reserve ? Reservations.sources(named) : named;
        Resources to = reserve ? named : Reservations.sources(named);
        if (!available.contains(from)) {
            throw new IllegalArgumentException(field + " " + from + " are not in the offered resources " + available);
        }
        Resources plain = Reservations.unallocated(named);
        if (!reserve && !onAgent.contains(plain)) {
            throw new IllegalArgumentException(field + " " + plain + " are not dynamically reserved");
        }
        return new Change(index, from, to, reserve ? onAgent.plus(plain) : onAgent.minus(plain), reserve);
    }

    /**
     * {@code available} less {@code wanted} as the offer's role holds it, or less as much of it as there is
     * ({@code minus} saturates).
     */
    private static Resources takeAtMost(Resources available, List<Resource> wanted, String role) {
        try {
            return available.minus(Resources.of(wanted).withAllocationRole(role));
        } catch (IllegalArgumentException e) {
            return available; // an invalid resource: that task is refused when it is launched
        }
    }

    /** The reservation is for the role the resources are allocated to (or a sub-role), by this framework. */
    private static void checkOwnership(FrameworkRecord f, Resource r) {
        var top = r.getReservations(r.getReservationsCount() - 1);
        String allocated = r.getAllocationInfo().getRole();
        if (!top.getRole().equals(allocated) && !top.getRole().startsWith(allocated + "/")) {
            throw new IllegalArgumentException("the reservation's role '" + top.getRole() + "' is not the role '"
                    + allocated + "' the resources are allocated to");
        }
        if (top.hasPrincipal() && !top.getPrincipal().equals(f.info().getPrincipal())) {
            throw new IllegalArgumentException("the reservation's principal '" + top.getPrincipal()
                    + "' is not the framework's principal '" + f.info().getPrincipal() + "'");
        }
    }
}
