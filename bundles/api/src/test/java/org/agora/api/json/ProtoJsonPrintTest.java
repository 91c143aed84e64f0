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

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import org.agora.api.json.test.JsonTestProtos.Color;
import org.agora.api.json.test.JsonTestProtos.Everything;
import org.agora.api.json.test.JsonTestProtos.FrameworkInfo;
import org.agora.api.json.test.JsonTestProtos.Nested;
import org.junit.jupiter.api.Test;

class ProtoJsonPrintTest {

    @Test
    void printsSetFieldsUnderProtoNamesWithUint64AsUnsignedNumber() {
        Everything m = Everything.newBuilder().setId("a").setI32(-5).setU64(-1L).build();

        assertThat(ProtoJson.print(m)).isEqualTo("{\"id\":\"a\",\"i32\":-5,\"u64\":18446744073709551615}");
    }

    @Test
    void printsEveryScalarKindAsMesosDoes() {
        Everything m = Everything.newBuilder()
                .setId("x")
                .setI64(Long.MIN_VALUE)
                .setU32(-1)
                .setS64(-7)
                .setF64(-1L)
                .setDbl(5)
                .setFlt(0.1f)
                .setFlag(true)
                .setData(ByteString.copyFrom(new byte[] {(byte) 0xfb, (byte) 0xff}))
                .setColor(Color.GREEN)
                .setS32(-3)
                .setFx32(-2)
                .setSf64(-9)
                .build();

        assertThat(ProtoJson.print(m)).isEqualTo("{\"id\":\"x\",\"i64\":-9223372036854775808,\"u32\":4294967295,"
                + "\"s64\":-7,\"f64\":18446744073709551615,\"dbl\":5.0,\"flt\":0.1,\"flag\":true,\"data\":\"+/8=\","
                + "\"color\":\"GREEN\",\"s32\":-3,\"fx32\":4294967294,\"sf64\":-9}");
    }

    @Test
    void printsNestedRepeatedMapsAndOneofInDeclarationOrder() {
        Everything m = Everything.newBuilder()
                .setId("r")
                .setFrameworkInfo(FrameworkInfo.newBuilder().setUser("u").setName("n"))
                .setChoiceNumber(42)
                .putChildren("c", Nested.newBuilder().setValue(3).build())
                .putLabels("k", "v")
                .addColors(Color.RED).addColors(Color.BLUE)
                .addItems(Nested.newBuilder().setName("a")).addItems(Nested.newBuilder().setValue(2))
                .addNumbers(1).addNumbers(-2)
                .setNested(Nested.newBuilder().setName("n").setValue(1))
                .putByNumber(-7, "neg").putByFlag(true, "yes")
                .build();

        assertThat(ProtoJson.print(m)).isEqualTo("{\"id\":\"r\",\"nested\":{\"name\":\"n\",\"value\":1},"
                + "\"numbers\":[1,-2],\"items\":[{\"name\":\"a\"},{\"value\":2}],\"colors\":[\"RED\",\"BLUE\"],"
                + "\"labels\":{\"k\":\"v\"},\"children\":{\"c\":{\"value\":3}},\"choice_number\":42,"
                + "\"framework_info\":{\"user\":\"u\",\"name\":\"n\"},\"by_number\":{\"-7\":\"neg\"},"
                + "\"by_flag\":{\"true\":\"yes\"}}");
    }

    @Test
    void printsProtoNameEvenWhenJsonNameIsCustomised() {
        Everything m = Everything.newBuilder().setId("a").setJsonRenamed("r").build();

        assertThat(ProtoJson.print(m)).isEqualTo("{\"id\":\"a\",\"json_renamed\":\"r\"}");
    }

    @Test
    void omitsUnsetFieldsIncludingThoseWithDefaults() {
        Everything m = Everything.newBuilder().setId("d").build();

        assertThat(ProtoJson.print(m)).isEqualTo("{\"id\":\"d\"}");
        assertThat(ProtoJson.print(Nested.getDefaultInstance())).isEqualTo("{}");
    }

    @Test
    void printsAnExplicitlySetDefaultValue() {
        Everything m = Everything.newBuilder().setId("d").setRefuseSeconds(5.0).setI32(0).build();

        assertThat(ProtoJson.print(m)).isEqualTo("{\"id\":\"d\",\"i32\":0,\"refuse_seconds\":5.0}");
    }

    @Test
    void printWithExplicitDefaultsAddsUnsetFieldsThatDeclareADefault() {
        Everything m = Everything.newBuilder().setId("d").build();

        assertThat(ProtoJson.printWithExplicitDefaults(m)).isEqualTo("{\"id\":\"d\",\"refuse_seconds\":5.0}");
    }

    @Test
    void printsNonFiniteNumbersAsStrings() {
        Everything m = Everything.newBuilder().setId("n").setDbl(Double.NaN).setFlt(Float.NEGATIVE_INFINITY)
                .build();
        Everything inf = Everything.newBuilder().setId("i").setDbl(Double.POSITIVE_INFINITY).build();

        assertThat(ProtoJson.print(m)).isEqualTo("{\"id\":\"n\",\"dbl\":\"NaN\",\"flt\":\"-Infinity\"}");
        assertThat(ProtoJson.print(inf)).isEqualTo("{\"id\":\"i\",\"dbl\":\"Infinity\"}");
    }

    @Test
    void printsDoublesSoThatTheyParseBackExactly() {
        Everything m = Everything.newBuilder().setId("d").setDbl(1e-7).setFlt(3.4e38f).build();

        assertThat(ProtoJson.print(m)).isEqualTo("{\"id\":\"d\",\"dbl\":1.0E-7,\"flt\":3.4E38}");
    }

    @Test
    void printsTimestampSizedDoublesInPlainNotation() {
        Everything m = Everything.newBuilder().setId("t").setDbl(1.7954356971452987E9).build();
        Everything whole = Everything.newBuilder().setId("w").setDbl(2.5e10).build();

        assertThat(ProtoJson.print(m)).isEqualTo("{\"id\":\"t\",\"dbl\":1795435697.1452987}");
        assertThat(ProtoJson.print(whole)).isEqualTo("{\"id\":\"w\",\"dbl\":25000000000.0}");
        assertThat(ProtoJson.merge(ProtoJson.print(m), Everything.newBuilder()).getDbl())
                .isEqualTo(1.7954356971452987E9);
    }

    @Test
    void escapesQuotesBackslashesAndControlCharactersButKeepsUnicode() {
        Everything m = Everything.newBuilder().setId("q\"b\\s\n\r\t\b\f\u0001\u001f\u007f é😀/").build();

        assertThat(ProtoJson.print(m)).isEqualTo(
                "{\"id\":\"q\\\"b\\\\s\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f é😀/\"}");
    }

    @Test
    void escapesUnpairedSurrogatesSoTheUtf8IsLossless() {
        Everything m = Everything.newBuilder().setId("x\uD800y\uDC00").build();

        assertThat(ProtoJson.print(m)).isEqualTo("{\"id\":\"x\\ud800y\\udc00\"}");
        assertThat(ProtoJson.parse(ProtoJson.toBytes(m), Everything.newBuilder()).build()).isEqualTo(m);
    }

    @Test
    void outputNeverContainsALineBreak() {
        Everything m = Everything.newBuilder()
                .setId("line\nbreak\r\n")
                .addNames("a\nb").addNames("\u2028")
                .putLabels("key\n", "value\r")
                .setNested(Nested.newBuilder().setName("\n\n"))
                .build();

        String json = ProtoJson.print(m);

        assertThat(json).doesNotContain("\n").doesNotContain("\r").doesNotContain(" ");
    }

    @Test
    void toBytesIsTheUtf8OfPrint() {
        Everything m = Everything.newBuilder().setId("é😀").build();

        assertThat(ProtoJson.toBytes(m)).isEqualTo(ProtoJson.print(m).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void printToAppendsAndBuildersPrintLikeTheirMessages() {
        Everything.Builder builder = Everything.newBuilder().setId("b")
                .setNested(Nested.newBuilder().setValue(1)).addItems(Nested.newBuilder().setName("i"));
        StringBuilder out = new StringBuilder("prefix:");

        ProtoJson.printTo(builder, out);

        assertThat(out.toString()).isEqualTo("prefix:" + ProtoJson.print(builder.build()));
        assertThat(ProtoJson.print(builder)).isEqualTo(
                "{\"id\":\"b\",\"nested\":{\"value\":1},\"items\":[{\"name\":\"i\"}]}");
    }
}
