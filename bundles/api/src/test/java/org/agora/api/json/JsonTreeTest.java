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

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreeTest {

    @Test
    void readsEveryKindOfValueInDocumentOrder() {
        Object tree = JsonTree.parse("{\"z\": [1, -2.5e3, true, false, null, \"s\\n\"], \"a\": {}}");

        assertThat(tree).isInstanceOf(Map.class);
        Map<?, ?> top = (Map<?, ?>) tree;
        assertThat(List.copyOf(top.keySet())).isEqualTo(List.of("z", "a"));
        assertThat(Arrays.asList(((List<?>) top.get("z")).toArray()))
                .containsExactly(new BigDecimal("1"), new BigDecimal("-2.5e3"), true,
                false, null, "s\n");
        assertThat((Map<?, ?>) top.get("a")).isEmpty();
    }

    @Test
    void topLevelValuesOtherThanObjectsAreValues() {
        assertThat(JsonTree.parse(" \"x\" ")).isEqualTo("x");
        assertThat(JsonTree.parse("[]")).isEqualTo(List.of());
        assertThat(JsonTree.parse("null")).isNull();
    }

    @Test
    void valuesCannotBeChangedByTheirReader() {
        Map<?, ?> top = (Map<?, ?>) JsonTree.parse("{\"a\": [1]}");

        assertThatThrownBy(() -> top.clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) top.get("a")).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aNameTwiceInOneObjectIsAnErrorNamingItsLineAndPath() {
        assertThatThrownBy(() -> JsonTree.parse("{\"a\": {\n  \"b\": 1,\n  \"b\": 2}}"))
                .isInstanceOf(JsonParseException.class)
                .hasMessage("line 3, column 3: syntax error (near a.b): the name 'b' occurs twice in one object")
                .satisfies(e -> assertThat(((JsonParseException) e).path()).isEqualTo("a.b"))
                .satisfies(e -> assertThat(((JsonParseException) e).offset()).isEqualTo(20));
    }

    @Test
    void syntaxErrorsNameTheLineAndColumn() {
        assertThatThrownBy(() -> JsonTree.parse("{\n  \"a\": [1,\n  2,,]\n}"))
                .isInstanceOf(JsonParseException.class)
                .hasMessage("line 3, column 5: syntax error (near a[2]): expected a value but found ','");
        assertThatThrownBy(() -> JsonTree.parse("{} x")).hasMessageStartingWith("line 1, column 4: syntax error")
                .hasMessageContaining("unexpected data after the top-level value");
        assertThatThrownBy(() -> JsonTree.parse("")).hasMessageContaining("unexpected end of input");
        assertThatThrownBy(() -> JsonTree.parse("{\"a\": tru}")).hasMessageContaining("invalid literal");
    }

    @Test
    void aNumberBeyondWhatBigDecimalHoldsIsAnError() {
        assertThat(JsonTree.parse("[1e999999999]")).isEqualTo(List.of(new BigDecimal("1e999999999")));
        assertThatThrownBy(() -> JsonTree.parse("[1e9999999999]")).isInstanceOf(JsonParseException.class)
                .hasMessage("line 1, column 2: syntax error (near [0]): number '1e9999999999' is out of range");
    }

    @Test
    void nestingIsBounded() {
        char[] deep = new char[JsonReader.MAX_DEPTH + 1];
        Arrays.fill(deep, '[');
        assertThatThrownBy(() -> JsonTree.parse(new String(deep))).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("nesting deeper than " + JsonReader.MAX_DEPTH);
    }

    @Test
    void positionsCountLinesAndColumnsFromOne() {
        assertThat(JsonTree.at("ab\ncd", 0)).isEqualTo("line 1, column 1");
        assertThat(JsonTree.at("ab\ncd", 4)).isEqualTo("line 2, column 2");
        assertThat(JsonTree.at("ab", -1)).isEqualTo("at an unknown place");
    }
}
