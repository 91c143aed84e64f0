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

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Mesos's match and allow matrices, cell by cell (request entity against ACL entity). */
class EntityTest {
    private static final Entity SOME_A = Entity.some("a");
    private static final Entity SOME_AB = Entity.some(List.of("a", "b"));
    private static final Entity SOME_C = Entity.some("c");

    static Stream<Arguments> cells() {
        // request, ACL, matches, allows
        return Stream.of(
                Arguments.of(SOME_A, SOME_AB, true, true),       // SOME/SOME: a subset
                Arguments.of(SOME_A, SOME_A, true, true),
                Arguments.of(SOME_AB, SOME_A, false, false),     // SOME/SOME: not a subset
                Arguments.of(SOME_C, SOME_AB, false, false),
                Arguments.of(SOME_A, Entity.NONE, true, false),  // SOME/NONE: matches, denies
                Arguments.of(SOME_A, Entity.ANY, true, true),    // SOME/ANY
                Arguments.of(Entity.NONE, SOME_A, false, false), // NONE/SOME
                Arguments.of(Entity.NONE, Entity.NONE, true, true),
                Arguments.of(Entity.NONE, Entity.ANY, false, false),
                Arguments.of(Entity.ANY, SOME_AB, false, false), // ANY/SOME: an anonymous subject or any object
                Arguments.of(Entity.ANY, Entity.NONE, true, false),
                Arguments.of(Entity.ANY, Entity.ANY, true, true));
    }

    @ParameterizedTest(name = "request {0} against ACL {1}: matches {2}, allows {3}")
    @MethodSource("cells")
    void followsMesossMatrices(Entity request, Entity acl, boolean matches, boolean allows) {
        assertThat(request.matches(acl)).as("matches").isEqualTo(matches);
        assertThat(request.allows(acl)).as("allows").isEqualTo(allows);
    }
}
