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

/**
 * One ACL of an action, as Mesos's local authorizer holds it ({@code GenericACL}): who, what, and where it was
 * written ({@code source}, e.g. {@code register_frameworks[2]}) so that a decision can say which ACL made it. An
 * ACL whose roles mix recursive values ({@code eng/%}) with plain ones is held as several rules with one source.
 */
record Rule(Entity subjects, Entity objects, String source) {

    /** A role ACL for a whole subtree: exactly one value, ending in {@code /%}. */
    boolean recursive() {
        return objects.type() == Entity.Type.SOME && objects.values().size() == 1
                && objects.values().get(0).endsWith("/%");
    }
}
