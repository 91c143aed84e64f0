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
package org.agora.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.json.test.JsonTestProtos.Nested;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesPlainValuesAndEmbeddedMessagesCompactly() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b");
        m.put("n", 3);
        m.put("d", 1.5);
        m.put("b", true);
        m.put("none", null);
        m.put("empty", Optional.empty());
        m.put("list", Arrays.asList(1, "x", null));
        m.put("msg", Nested.newBuilder().setValue(4).build());

        assertThat(Json.write(m)).isEqualTo("{\"s\":\"a\\\"b\",\"n\":3,\"d\":1.5,\"b\":true,\"none\":null,"
                + "\"empty\":null,\"list\":[1,\"x\",null],\"msg\":{\"value\":4}}");
    }

    @Test
    void refusesValuesItCannotRepresent() {
        assertThatThrownBy(() -> Json.write(List.of(new Object()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
    }
}
