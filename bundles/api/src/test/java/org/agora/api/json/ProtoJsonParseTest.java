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
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.UninitializedMessageException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.agora.api.json.test.JsonTestProtos.Call;
import org.agora.api.json.test.JsonTestProtos.Color;
import org.agora.api.json.test.JsonTestProtos.Everything;
import org.agora.api.json.test.JsonTestProtos.Nested;
import org.agora.api.json.test.JsonTestProtos.Tagged;
import org.junit.jupiter.api.Test;

class ProtoJsonParseTest {

    private static Everything parse(String json) {
        return ProtoJson.merge(json, Everything.newBuilder()).buildPartial();
    }

    private static JsonParseException parseError(String json) {
        return catchThrowableOfType(JsonParseException.class, () -> parse(json));
    }

    @Test
    void readsEveryFieldKind() {
        Everything m = parse("{\"id\":\"a\",\"i32\":-5,\"i64\":-9223372036854775808,\"u32\":4294967295,"
                + "\"u64\":18446744073709551615,\"s64\":-7,\"f64\":1,\"dbl\":2.5,\"flt\":0.1,\"flag\":true,"
                + "\"data\":\"+/8=\",\"color\":\"BLUE\",\"nested\":{\"name\":\"n\",\"child\":{\"value\":2}},"
                + "\"numbers\":[1,2,3],\"items\":[{\"name\":\"x\"},{}],\"colors\":[\"RED\",\"GREEN\"],"
                + "\"labels\":{\"a\":\"b\",\"c\":\"d\"},\"children\":{\"k\":{\"value\":9}},\"choice_text\":\"t\","
                + "\"framework_info\":{\"user\":\"u\",\"name\":\"n\",\"failover_timeout\":60},"
                + "\"by_number\":{\"-1\":\"m\"},\"by_flag\":{\"false\":\"f\"},\"sf64\":-1,\"fx32\":4294967295}");

        assertThat(m.getId()).isEqualTo("a");
        assertThat(m.getI32()).isEqualTo(-5);
        assertThat(m.getI64()).isEqualTo(Long.MIN_VALUE);
        assertThat(m.getU32()).isEqualTo(-1);
        assertThat(m.getU64()).isEqualTo(-1L);
        assertThat(m.getS64()).isEqualTo(-7);
        assertThat(m.getF64()).isEqualTo(1);
        assertThat(m.getDbl()).isEqualTo(2.5);
        assertThat(m.getFlt()).isEqualTo(0.1f);
        assertThat(m.getFlag()).isTrue();
        assertThat(m.getData()).isEqualTo(ByteString.copyFrom(new byte[] {(byte) 0xfb, (byte) 0xff}));
        assertThat(m.getColor()).isEqualTo(Color.BLUE);
        assertThat(m.getNested().getName()).isEqualTo("n");
        assertThat(m.getNested().getChild().getValue()).isEqualTo(2);
        assertThat(m.getNumbersList()).containsExactly(1, 2, 3);
        assertThat(m.getItemsList()).containsExactly(Nested.newBuilder().setName("x").build(),
                Nested.getDefaultInstance());
        assertThat(m.getColorsList()).containsExactly(Color.RED, Color.GREEN);
        assertThat(m.getLabelsMap()).containsExactly(Map.entry("a", "b"), Map.entry("c", "d"));
        assertThat(m.getChildrenMap()).containsExactly(Map.entry("k", Nested.newBuilder().setValue(9).build()));
        assertThat(m.getChoiceText()).isEqualTo("t");
        assertThat(m.getFrameworkInfo().getFailoverTimeout()).isEqualTo(60.0);
        assertThat(m.getByNumberMap()).containsExactly(Map.entry(-1, "m"));
        assertThat(m.getByFlagMap()).containsExactly(Map.entry(false, "f"));
        assertThat(m.getSf64()).isEqualTo(-1);
        assertThat(m.getFx32()).isEqualTo(-1);
        assertThat(m.isInitialized()).isTrue();
    }

    @Test
    void nullMeansAbsentForFieldsElementsAndMapValues() {
        Everything m = parse("{\"id\":\"a\",\"i32\":null,\"nested\":null,\"color\":null,\"numbers\":[1,null,2],"
                + "\"items\":null,\"labels\":{\"k\":null,\"j\":\"v\"},\"framework_info\":null}");

        assertThat(m.hasI32()).isFalse();
        assertThat(m.hasNested()).isFalse();
        assertThat(m.hasColor()).isFalse();
        assertThat(m.hasFrameworkInfo()).isFalse();
        assertThat(m.getItemsCount()).isZero();
        assertThat(m.getNumbersList()).containsExactly(1, 2);
        assertThat(m.getLabelsMap()).containsExactly(Map.entry("j", "v"));
        assertThat(ProtoJson.print(m)).isEqualTo("{\"id\":\"a\",\"numbers\":[1,2],\"labels\":{\"j\":\"v\"}}");
    }

    @Test
    void acceptsWholeNumbersForDoubleAndFloat() {
        Everything m = parse("{\"id\":\"a\",\"dbl\":5,\"flt\":-7,\"refuse_seconds\":0}");

        assertThat(m.getDbl()).isEqualTo(5.0);
        assertThat(m.getFlt()).isEqualTo(-7.0f);
        assertThat(m.hasRefuseSeconds()).isTrue();
        assertThat(m.getRefuseSeconds()).isZero();
    }

    @Test
    void acceptsNumbersAndBooleansSentAsStrings() {
        Everything m = parse("{\"id\":\"a\",\"i32\":\"123\",\"u64\":\"18446744073709551615\",\"dbl\":\"2.5\","
                + "\"flt\":\"NaN\",\"i64\":\"-9223372036854775808\",\"u32\":\"1e3\",\"flag\":\"true\","
                + "\"refuse_seconds\":\"-Infinity\"}");

        assertThat(m.getI32()).isEqualTo(123);
        assertThat(m.getU64()).isEqualTo(-1L);
        assertThat(m.getDbl()).isEqualTo(2.5);
        assertThat(m.getFlt()).isNaN();
        assertThat(m.getI64()).isEqualTo(Long.MIN_VALUE);
        assertThat(m.getU32()).isEqualTo(1000);
        assertThat(m.getFlag()).isTrue();
        assertThat(m.getRefuseSeconds()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void acceptsIntegralDoublesForIntegerFieldsOnly() {
        assertThat(parse("{\"id\":\"a\",\"i32\":5.0,\"i64\":1e2,\"u64\":1.8446744073709551615e19}"))
                .satisfies(m -> {
                    assertThat(m.getI32()).isEqualTo(5);
                    assertThat(m.getI64()).isEqualTo(100);
                    assertThat(m.getU64()).isEqualTo(-1L);
                });
        assertThat(parseError("{\"i32\":5.5}")).hasMessage("i32: expected an integer, got 5.5");
        assertThat(parseError("{\"i64\":\"1e-1\"}")).hasMessage("i64: expected an integer, got 1e-1");
        assertThat(parseError("{\"i64\":\"NaN\"}")).hasMessage("i64: expected an integer, got NaN");
    }

    @Test
    void rejectsValuesOutOfRange() {
        assertThat(parseError("{\"i32\":2147483648}")).hasMessage("i32: number 2147483648 is out of range for int32");
        assertThat(parse("{\"i32\":-2147483648}").getI32()).isEqualTo(Integer.MIN_VALUE);
        assertThat(parseError("{\"u32\":-1}")).hasMessage("u32: number -1 is out of range for uint32");
        assertThat(parseError("{\"u32\":4294967296}")).hasMessageContaining("out of range for uint32");
        assertThat(parseError("{\"i64\":9223372036854775808}")).hasMessageContaining("out of range for int64");
        assertThat(parseError("{\"u64\":18446744073709551616}")).hasMessageContaining("out of range for uint64");
        assertThat(parseError("{\"u64\":-1}")).hasMessageContaining("out of range for uint64");
        assertThat(parseError("{\"i64\":1e999999999}")).hasMessage("i64: number 1e999999999 is out of range");
        assertThat(parseError("{\"i64\":1e9999999999}")).hasMessage("i64: number 1e9999999999 is out of range");
        assertThat(parseError("{\"dbl\":1e400}")).hasMessage("dbl: number 1e400 is out of range for a double");
        assertThat(parseError("{\"flt\":1e39}")).hasMessage("flt: number 1e39 is out of range for a float");
        assertThat(parseError("{\"by_number\":{\"2147483648\":\"x\"}}")).hasMessageContaining("out of range");
    }

    @Test
    void acceptsLowerCamelCaseJsonNamesAsAliases() {
        Everything m = parse("{\"id\":\"a\",\"frameworkInfo\":{\"user\":\"u\",\"name\":\"n\",\"failoverTimeout\":1},"
                + "\"choiceText\":\"t\",\"renamedInJson\":\"r\",\"refuseSeconds\":1}");

        assertThat(m.getFrameworkInfo().getFailoverTimeout()).isEqualTo(1.0);
        assertThat(m.getChoiceText()).isEqualTo("t");
        assertThat(m.getJsonRenamed()).isEqualTo("r");
        assertThat(m.getRefuseSeconds()).isEqualTo(1.0);
        assertThat(parse("{\"json_renamed\":\"p\"}").getJsonRenamed()).isEqualTo("p");
    }

    @Test
    void ignoresUnknownFieldsWhateverTheirValue() {
        Everything m = parse("{\"id\":\"a\",\"unknown\":{\"deep\":[1,{\"x\":null},[true,false]]},\"another\":\"x\","
                + "\"i32\":3,\"nested\":{\"surprise\":[],\"value\":4},\"jsonRenamed\":\"not an alias\"}");

        assertThat(m).isEqualTo(Everything.newBuilder().setId("a").setI32(3)
                .setNested(Nested.newBuilder().setValue(4)).build());
    }

    @Test
    void readsEnumsByNameOrNumber() {
        assertThat(parse("{\"color\":2}").getColor()).isEqualTo(Color.GREEN);
        assertThat(parse("{\"color\":\"3\"}").getColor()).isEqualTo(Color.BLUE);
        assertThat(parse("{\"colors\":[\"RED\",1]}").getColorsList()).containsExactly(Color.RED, Color.RED);
        assertThat(parseError("{\"color\":true}")).hasMessage("color: expected an enum name, got a boolean");
    }

    @Test
    void dropsUnknownEnumValuesOfOptionalAndRepeatedFieldsAsMesosDoes() {
        Everything m = parse("{\"id\":\"a\",\"color\":\"PURPLE\",\"colors\":[\"RED\",\"PURPLE\",9,\"BLUE\"]}");

        assertThat(m.hasColor()).isFalse();
        assertThat(m.getColorsList()).containsExactly(Color.RED, Color.BLUE);
    }

    @Test
    void rejectsUnknownEnumValuesOfRequiredFieldsNamingTheAllowedValues() {
        JsonParseException e = assertThrows(JsonParseException.class,
                () -> ProtoJson.merge("{\"color\":\"PURPLE\"}", Tagged.newBuilder()));
        assertThat(e).hasMessage("color: unknown value \"PURPLE\" for enum agora.jsontest.Color,"
                + " expected one of COLOR_UNKNOWN, RED, GREEN, BLUE");
        assertThat(e.path()).isEqualTo("color");
        assertThatThrownBy(() -> ProtoJson.merge("{\"color\":9}", Tagged.newBuilder()))
                .hasMessage("color: unknown number 9 for enum agora.jsontest.Color");
    }

    @Test
    void readsBase64StandardOrUrlSafePaddedOrNot() {
        ByteString expected = ByteString.copyFrom(new byte[] {(byte) 0xfb, (byte) 0xff});

        assertThat(parse("{\"data\":\"+/8=\"}").getData()).isEqualTo(expected);
        assertThat(parse("{\"data\":\"+/8\"}").getData()).isEqualTo(expected);
        assertThat(parse("{\"data\":\"-_8=\"}").getData()).isEqualTo(expected);
        assertThat(parse("{\"data\":\"-_8\"}").getData()).isEqualTo(expected);
        assertThat(parse("{\"data\":\"\"}").getData()).isEqualTo(ByteString.EMPTY);
        assertThat(parseError("{\"data\":\"a!b\"}")).hasMessageStartingWith("data: invalid base64");
        assertThat(parseError("{\"data\":\"a\"}")).hasMessageStartingWith("data: invalid base64");
        assertThat(parseError("{\"data\":5}")).hasMessage("data: expected a base64 string, got a number");
    }

    @Test
    void errorsNameTheJsonPathOfTheOffendingValue() {
        String json = "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":"
                + "{\"user\":\"u\",\"name\":\"n\",\"failover_timeout\":\"abc\"}}}";

        JsonParseException e = catchThrowableOfType(JsonParseException.class,
                () -> ProtoJson.merge(json, Call.newBuilder()));

        assertThat(e).hasMessage("subscribe.framework_info.failover_timeout: expected a number, got a string");
        assertThat(e.path()).isEqualTo("subscribe.framework_info.failover_timeout");
        assertThat(e.offset()).isEqualTo(json.indexOf("\"abc\""));
    }

    @Test
    void errorsNameArrayIndicesAndMapKeys() {
        assertThat(parseError("{\"items\":[{\"value\":1},{\"value\":\"x\"}]}"))
                .hasMessage("items[1].value: expected an integer, got a string");
        assertThat(parseError("{\"children\":{\"c\":{\"value\":true}}}"))
                .hasMessage("children.c.value: expected an integer, got a boolean");
        assertThat(parseError("{\"numbers\":5}")).hasMessage("numbers: expected an array, got a number");
        assertThat(parseError("{\"labels\":[]}")).hasMessage("labels: expected an object, got an array");
        assertThat(parseError("{\"id\":5}")).hasMessage("id: expected a string, got a number");
        assertThat(parseError("{\"nested\":\"x\"}")).hasMessage("nested: expected an object, got a string");
        assertThat(parseError("{\"flag\":\"yes\"}")).hasMessage("flag: expected a boolean, got \"yes\"");
        assertThat(parseError("{\"flag\":1}")).hasMessage("flag: expected a boolean, got a number");
        assertThat(parseError("{\"by_number\":{\"x\":\"y\"}}"))
                .hasMessage("by_number.x: map key \"x\" is not an integer");
        assertThat(parseError("{\"by_flag\":{\"yes\":\"y\"}}"))
                .hasMessage("by_flag.yes: map key \"yes\" is not a boolean");
        assertThat(parseError("[1]")).hasMessage("expected a JSON object at the top level, got an array");
        assertThat(parseError("[1]").path()).isEmpty();
    }

    @Test
    void reportsMissingRequiredFieldsByPath() {
        Call.Builder call = ProtoJson.merge(
                "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":null}}}", Call.newBuilder());

        assertThat(ProtoJson.missingRequired(call))
                .containsExactly("subscribe.framework_info.user", "subscribe.framework_info.name");
        assertThatThrownBy(call::build).isInstanceOf(UninitializedMessageException.class);
        assertThat(ProtoJson.missingRequired(ProtoJson.merge("{}", Everything.newBuilder()))).containsExactly("id");
        assertThat(ProtoJson.missingRequired(ProtoJson.merge("{\"id\":\"a\"}", Everything.newBuilder()))).isEmpty();
    }

    @Test
    void mergesARepeatedMessageKeyAndLetsTheLastScalarWin() {
        Everything m = parse("{\"nested\":{\"name\":\"a\"},\"nested\":{\"value\":1},\"i32\":1,\"i32\":2}");

        assertThat(m.getNested()).isEqualTo(Nested.newBuilder().setName("a").setValue(1).build());
        assertThat(m.getI32()).isEqualTo(2);
    }

    @Test
    void mergesIntoWhatTheBuilderAlreadyHolds() {
        Everything.Builder builder = Everything.newBuilder().setId("kept").addNumbers(1);

        ProtoJson.merge("{\"numbers\":[2]}", builder);

        assertThat(builder.getId()).isEqualTo("kept");
        assertThat(builder.getNumbersList()).containsExactly(1, 2);
    }

    @Test
    void decodesEscapesAndSurrogatePairs() {
        Everything m = parse("{\"id\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u00E9\\ud83d\\ude00 raw é😀\"}");

        assertThat(m.getId()).isEqualTo("\"\\/\b\f\n\r\téé😀 raw é😀");
    }

    @Test
    void keepsEscapedUnpairedSurrogatesWhichJsonAllows() {
        assertThat(parse("{\"id\":\"\\udc00a\\ud800\"}").getId()).isEqualTo("\udc00a\ud800");
    }

    @Test
    void parsesUtf8BytesStrictly() {
        byte[] utf8 = "{\"id\":\"é😀\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(ProtoJson.parse(utf8, Everything.newBuilder()).getId()).isEqualTo("é😀");

        byte[] framed = ("xx" + "{\"id\":\"z\"}" + "yy").getBytes(StandardCharsets.UTF_8);
        assertThat(ProtoJson.parse(framed, 2, framed.length - 4, Everything.newBuilder()).getId()).isEqualTo("z");

        byte[] invalid = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xc3, '"', '}'};
        JsonParseException e = catchThrowableOfType(JsonParseException.class,
                () -> ProtoJson.parse(invalid, Everything.newBuilder()));
        assertThat(e).hasMessage("invalid UTF-8 at byte offset 7");
        assertThat(e.offset()).isEqualTo(7);
    }

    @Test
    void reportsSyntaxErrorsWithTheirOffset() {
        assertThat(parseError("")).hasMessage("syntax error at offset 0: unexpected end of input, expected a value");
        assertThat(parseError("  \n ")).hasMessageStartingWith("syntax error at offset 4: unexpected end of input");
        assertThat(parseError("{\"id\":\"a\",}"))
                .hasMessage("syntax error at offset 10 (near id): expected a double-quoted field name but found '}'");
        assertThat(parseError("{\"id\" \"a\"}"))
                .hasMessage("syntax error at offset 6 (near id): expected ':' after the field name but found '\"'");
        assertThat(parseError("{\"numbers\":[1,2"))
                .hasMessage("syntax error at offset 15 (near numbers[1]): "
                        + "unexpected end of input, expected ',' or ']'");
        assertThat(parseError("{\"numbers\":[1,]}")).hasMessageStartingWith("syntax error at offset 14");
        assertThat(parseError("{\"id\":tru}"))
                .hasMessageStartingWith("syntax error at offset 6 (near id): invalid literal");
        assertThat(parseError("{\"id\":nulll}")).hasMessageContaining("offset 6");
        assertThat(parseError("{\"i32\":01}")).hasMessageEndingWith("malformed number '01'");
        assertThat(parseError("{\"i32\":1.}")).hasMessageEndingWith("malformed number '1.'");
        assertThat(parseError("{} x"))
                .hasMessage("syntax error at offset 3: unexpected data after the top-level value");
        assertThat(parseError("{}}")).hasMessageStartingWith("syntax error at offset 2");
        assertThat(parseError("{\"id\":\"abc")).hasMessage("syntax error at offset 6 (near id): unterminated string");
        assertThat(parseError("{\"id\":\"a\\x\"}")).hasMessageEndingWith("invalid escape '\\x'");
        assertThat(parseError("{\"id\":\"a\\u12\"}")).hasMessageEndingWith("invalid \\u escape, expected 4 hex digits");
        assertThat(parseError("{\"id\":\"a\tb\"}"))
                .hasMessageEndingWith("unescaped control character U+0009 in a string");
        assertThat(parseError("{'id':1}")).hasMessageEndingWith("expected a double-quoted field name but found '''");
        assertThat(parseError("{\"i32\":+1}")).hasMessageEndingWith("expected a value but found '+'");
        assertThat(parseError("{\"x\":[1 2]}").offset()).isEqualTo(8);
    }

    @Test
    void acceptsNestingUpToTheLimitAndRejectsDeeper() {
        assertThat(parse(nestedChildren(99)).getNested().getChild().hasChild()).isTrue();
        assertThat(parseError(nestedChildren(100))).hasMessageContaining("nesting deeper than 100 levels");

        assertThat(parse("{\"unknown\":" + "[".repeat(99) + "]".repeat(99) + "}").getSerializedSize()).isZero();
        assertThat(parseError("{\"unknown\":" + "[".repeat(100) + "]".repeat(100) + "}"))
                .hasMessageContaining("nesting deeper than 100 levels");
    }

    @Test
    void rejectsHostileNestingWithoutOverflowingTheStack() {
        assertThat(parseError("{\"nested\":" + "{\"child\":".repeat(200_000)))
                .hasMessageContaining("nesting deeper than 100 levels");
        assertThat(parseError("{\"x\":" + "[".repeat(200_000))).hasMessageContaining("nesting deeper than 100 levels");
    }

    // {"id":"a","nested":{"child":{"child":...{}}}} with `objects` objects below the top level.
    private static String nestedChildren(int objects) {
        return "{\"id\":\"a\",\"nested\":" + "{\"child\":".repeat(objects - 1) + "{}" + "}".repeat(objects - 1) + "}";
    }
}
