package org.agora.master.internal.task;

import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.Resource;
import org.agora.master.internal.Master;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.role.Reservations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RESERVE and UNRESERVE inside an ACCEPT: a framework reserves offered resources for its role (or gives such a
 * reservation up). Checked as Mesos does; an invalid operation is dropped with a log line and the accept goes on
 * with the rest, also as Mesos does. Actor thread only.
 */
final class ReservationOperations {
    private static final Logger LOG = LoggerFactory.getLogger(ReservationOperations.class);

    private final Master master;

    ReservationOperations(Master master) {
        this.master = master;
    }

    /** Applies {@code op} to {@code available}; returns what is available afterwards (unchanged if refused). */
    Resources apply(FrameworkRecord f, Offer offer, Offer.Operation op, Resources available) {
        boolean reserve = op.getType() == Offer.Operation.Type.RESERVE;
        var resources = reserve ? op.getReserve().getResourcesList() : op.getUnreserve().getResourcesList();
        try {
            String field = reserve ? "reserve.resources" : "unreserve.resources";
            Reservations.checkReservable(field, resources);
            String role = offer.getAllocationInfo().getRole();
            Resources named = Resources.of(resources).withAllocationRole(role);
            for (Resource r : named.toList()) {
                checkOwnership(f, r);
            }
            Resources from = reserve ? Reservations.sources(named) : named;
            Resources to = reserve ? named : Reservations.sources(named);
            if (!available.contains(from)) {
                throw new IllegalArgumentException(field + " " + from + " are not in the offered resources "
                        + available);
            }
            Resources onAgent = master.reservations().on(offer.getAgentId());
            Resources plain = Reservations.unallocated(named);
            if (!reserve && !onAgent.contains(plain)) {
                throw new IllegalArgumentException(field + " " + plain + " are not dynamically reserved");
            }
            Resources newReserved = reserve ? onAgent.plus(plain) : onAgent.minus(plain);
            master.roles().frameworkReservation(f.id(), offer.getAgentId(), from, to, newReserved);
            LOG.info("Framework {}: {} {} on agent {}", f.idValue(), reserve ? "reserved" : "unreserved", plain,
                    offer.getAgentId().getValue());
            return available.minus(from).plus(to);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warn("Framework {}: {} operation dropped: {}", f.idValue(), op.getType(), e.getMessage());
            return available;
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
