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
