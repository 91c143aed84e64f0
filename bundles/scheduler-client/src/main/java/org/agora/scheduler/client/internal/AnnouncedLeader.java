package org.agora.scheduler.client.internal;

import java.util.Objects;

/**
 * A leading master as its {@link LeaderSource} names it.
 *
 * @param address  where to reach it
 * @param masterId its {@code MasterInfo.id}, or empty when not known (a master given as {@code host:port})
 */
public record AnnouncedLeader(HostPort address, String masterId) {

    /** @throws NullPointerException if a component is null */
    public AnnouncedLeader {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(masterId, "masterId");
    }

    /** {@code host:port}, with the master id when known. */
    @Override
    public String toString() {
        return masterId.isEmpty() ? address.authority() : address.authority() + " (master " + masterId + ")";
    }
}
