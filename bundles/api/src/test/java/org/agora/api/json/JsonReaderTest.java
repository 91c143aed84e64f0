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

import java.util.ArrayList;
import java.util.List;
import org.agora.api.json.JsonReader.Token;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void readsTheWholeGrammar() {
        JsonReader r = new JsonReader(" {\"a\" : [1, -2.5e3, 0, -0, "
                + "1E+2, true, false, null, \"s\", {}, []],\r\n\t\"b\":{}} ");

        r.beginObject();
        assertThat(r.nextName()).isEqualTo("a");
        r.beginArray();
        List<Object> values = new ArrayList<>();
        while (r.hasNext()) {
            switch (r.peek()) {
                case NUMBER -> values.add(r.nextNumber());
                case BOOLEAN -> values.add(r.nextBoolean());
                case NULL -> { r.nextNull(); values.add("null"); }
                case STRING -> values.add("'" + r.nextString() + "'");
                case BEGIN_OBJECT -> { r.beginObject(); r.endObject(); values.add("{}"); }
                case BEGIN_ARRAY -> { r.beginArray(); r.endArray(); values.add("[]"); }
                default -> throw new AssertionError(r.peek());
            }
        }
        r.endArray();
        assertThat(values).containsExactly("1", "-2.5e3", "0", "-0", "1E+2", true, false, "null", "'s'", "{}", "[]");
        assertThat(r.nextName()).isEqualTo("b");
        r.beginObject();
        assertThat(r.hasNext()).isFalse();
        r.endObject();
        r.endObject();
        assertThat(r.peek()).isEqualTo(Token.END_DOCUMENT);
    }

    @Test
    void tracksThePathOfTheCurrentValue() {
        JsonReader r = new JsonReader("{\"a\":{\"b\":[10,{\"c\":true}]}}");

        r.beginObject();
        r.nextName();
        r.beginObject();
        r.nextName();
        r.beginArray();
        r.nextNumber();
        assertThat(r.path()).isEqualTo("a.b[0]");
        r.beginObject();
        assertThat(r.nextName()).isEqualTo("c");
        assertThat(r.path()).isEqualTo("a.b[1].c");
        r.nextBoolean();
        r.endObject();
        r.endArray();
        assertThat(r.path()).isEqualTo("a.b");
    }

    @Test
    void skipsNestedValues() {
        JsonReader r = new JsonReader("{\"skip\":{\"x\":[1,[2,{\"y\":\"]\"}]],\"z\":null},\"keep\":3}");

        r.beginObject();
        r.nextName();
        r.skipValue();
        assertThat(r.nextName()).isEqualTo("keep");
        assertThat(r.nextNumber()).isEqualTo("3");
        r.endObject();
        assertThat(r.peek()).isEqualTo(Token.END_DOCUMENT);
    }

    @Test
    void knowsWhatAJsonNumberIs() {
        for (String valid : List.of("0", "-0", "1", "-12", "0.5", "1e5", "1E-5",
                "1.5e+10", "123456789012345678901234")) {
            assertThat(JsonNumbers.isNumber(valid)).as(valid).isTrue();
        }
        for (String invalid : List.of("", "-", "+1", "01", "1.", ".5", "1e", "1e+", "--1", "0x1", " 1", "1 ", "NaN",
                "Infinity", "1.0f")) {
            assertThat(JsonNumbers.isNumber(invalid)).as(invalid).isFalse();
        }
    }

    @Test
    void rejectsMalformedNumbersAsValues() {
        for (String bad : List.of("-", "-a", "1.e5", "1e", "00", "1.5.5", "1x")) {
            JsonReader r = new JsonReader("[" + bad + "]");
            r.beginArray();
            assertThatThrownBy(() -> {
                r.peek();
                r.nextNumber();
            }).as(bad).isInstanceOf(JsonParseException.class).hasMessageContaining("offset 1");
        }
    }

    @Test
    void misuseIsAProgrammingErrorNotAParseError() {
        JsonReader r = new JsonReader("[1]");

        assertThatThrownBy(r::beginObject).isInstanceOf(IllegalStateException.class);
    }
}
