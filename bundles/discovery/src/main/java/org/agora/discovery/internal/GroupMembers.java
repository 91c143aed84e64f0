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
package org.agora.discovery.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Mesos's group naming: members are the children named {@code json.info_<sequence>}
 * ({@code MASTER_INFO_JSON_LABEL} in Mesos's {@code src/master/constants.hpp}); the lowest sequence leads.
 */
final class GroupMembers {

    /** The name prefix of a member znode; ZooKeeper appends a 10-digit sequence to it. */
    static final String PREFIX = "json.info_";

    private GroupMembers() {
    }

    /**
     * The sequence of a member's child name.
     *
     * @return the sequence, or empty if {@code child} is not a member ({@code registry}, {@code info_5}, ...)
     */
    static OptionalLong sequence(String child) {
        if (!child.startsWith(PREFIX) || child.length() == PREFIX.length() || child.length() > PREFIX.length() + 18) {
            return OptionalLong.empty();
        }
        for (int i = PREFIX.length(); i < child.length(); i++) {
            char c = child.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(child.substring(PREFIX.length())));
    }

    /** The member with the lowest sequence among {@code children}, ignoring non-members. */
    static Optional<String> lowest(Collection<String> children) {
        return children.stream()
                .filter(child -> sequence(child).isPresent())
                .min(Comparator.comparingLong((String child) -> sequence(child).getAsLong())
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** The last segment of a znode path. */
    static String childName(String znode) {
        return znode.substring(znode.lastIndexOf('/') + 1);
    }
}
