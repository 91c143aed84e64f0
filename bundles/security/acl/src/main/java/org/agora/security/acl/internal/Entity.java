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
package org.agora.security.acl.internal;

import java.util.List;
import java.util.Set;

/**
 * Mesos's {@code ACL.Entity}: the subjects or the objects of an ACL, or of a request. {@link Type#SOME} names
 * values; {@link Type#ANY} stands for every value and {@link Type#NONE} for none. In a request, an anonymous
 * subject and an unspecified object are ANY. Immutable.
 */
final class Entity {
    enum Type { SOME, ANY, NONE }

    static final Entity ANY = new Entity(Type.ANY, List.of());
    static final Entity NONE = new Entity(Type.NONE, List.of());

    private final Type type;
    private final List<String> values;
    private final Set<String> lookup;

    private Entity(Type type, List<String> values) {
        this.type = type;
        this.values = List.copyOf(values);
        this.lookup = Set.copyOf(values);
    }

    static Entity some(List<String> values) {
        return new Entity(Type.SOME, values);
    }

    static Entity some(String value) {
        return new Entity(Type.SOME, List.of(value));
    }

    Type type() {
        return type;
    }

    /** The values, in the order written; empty for ANY and NONE. */
    List<String> values() {
        return values;
    }

    /**
     * Whether this request entity matches the ACL entity {@code acl}, so that the ACL decides the request (Mesos's
     * match matrix, request in rows, ACL in columns):
     * <pre>
     *            SOME     NONE   ANY
     *   SOME     subset   yes    yes
     *   NONE     no       yes    no
     *   ANY      no       yes    yes
     * </pre>
     * "subset": every value of the request is one of the ACL's.
     */
    boolean matches(Entity acl) {
        return switch (type) {
            case NONE -> acl.type == Type.NONE;
            case ANY -> acl.type == Type.ANY || acl.type == Type.NONE;
            case SOME -> acl.type != Type.SOME || acl.lookup.containsAll(lookup);
        };
    }

    /**
     * Whether the ACL entity {@code acl} allows this request entity, once the ACL decides (Mesos's allow matrix):
     * <pre>
     *            SOME     NONE   ANY
     *   SOME     subset   no     yes
     *   NONE     no       yes    no
     *   ANY      no       no     yes
     * </pre>
     */
    boolean allows(Entity acl) {
        return switch (type) {
            case NONE -> acl.type == Type.NONE;
            case ANY -> acl.type == Type.ANY;
            case SOME -> acl.type == Type.ANY || acl.type == Type.SOME && acl.lookup.containsAll(lookup);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entity e && e.type == type && e.values.equals(values);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + values.hashCode();
    }

    @Override
    public String toString() {
        return type == Type.SOME ? values.toString() : type.name();
    }
}
