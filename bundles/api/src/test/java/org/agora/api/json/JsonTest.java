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
