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
package org.agora.testing.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreeTest {

    @Test
    void parsesObjectsArraysAndScalars() {
        Map<String, Object> v = JsonTree.object(" {\"a\": [1, 2.5e1, -3], \"b\": {\"c\": \"x\\\"\\u00e9\\n\"},"
                + " \"d\": true, \"e\": null, \"f\": []} ");

        assertThat(v).containsExactly(Map.entry("a", List.of(1.0, 25.0, -3.0)),
                Map.entry("b", Map.of("c", "x\"\u00e9\n")), Map.entry("d", true),
                new java.util.AbstractMap.SimpleEntry<>("e", null), Map.entry("f", List.of()));
    }

    @Test
    void refusesMalformedTextNamingTheOffset() {
        assertThatThrownBy(() -> JsonTree.parse("{\"a\": 1,}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 8");
        assertThatThrownBy(() -> JsonTree.parse("[1] x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> JsonTree.object("[1]")).hasMessageContaining("expected a JSON object");
    }
}
