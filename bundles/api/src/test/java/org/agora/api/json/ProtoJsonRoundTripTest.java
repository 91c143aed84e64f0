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
import org.agora.api.json.test.JsonTestProtos.Call;
import org.agora.api.json.test.JsonTestProtos.Color;
import org.agora.api.json.test.JsonTestProtos.Everything;
import org.agora.api.json.test.JsonTestProtos.FrameworkInfo;
import org.agora.api.json.test.JsonTestProtos.Nested;
import org.junit.jupiter.api.Test;

class ProtoJsonRoundTripTest {

    @Test
    void aMessageWithEveryFieldSetSurvivesPrintAndParse() {
        Everything big = Everything.newBuilder()
                .setId("big \"one\"\n")
                .setI32(Integer.MIN_VALUE).setI64(Long.MAX_VALUE).setU32(-2).setU64(Long.MIN_VALUE)
                .setS64(-123456789012L).setF64(-1L).setDbl(-0.0).setFlt(Float.MIN_VALUE).setFlag(false)
                .setData(ByteString.copyFromUtf8("\u0000binary\u00ff"))
                .setColor(Color.COLOR_UNKNOWN)
                .setNested(Nested.newBuilder().setName("n").setChild(Nested.newBuilder().setValue(-1)))
                .addNumbers(0).addNumbers(Integer.MAX_VALUE)
                .addItems(Nested.getDefaultInstance()).addItems(Nested.newBuilder().setName("é"))
                .addColors(Color.BLUE).addColors(Color.BLUE)
                .putLabels("", "empty key").putLabels("k", "")
                .putChildren("x", Nested.newBuilder().setChild(Nested.getDefaultInstance()).build())
                .setChoiceNested(Nested.newBuilder().setValue(7))
                .setFrameworkInfo(FrameworkInfo.newBuilder().setUser("root").setName("fw")
                        .setFailoverTimeout(604800.5).setCheckpoint(true))
                .setRefuseSeconds(Double.MAX_VALUE)
                .addNames("a").addNames("😀")
                .setS32(Integer.MIN_VALUE).setFx32(Integer.MIN_VALUE).setSf64(Long.MIN_VALUE)
                .putByNumber(0, "zero").putByFlag(false, "no")
                .setJsonRenamed("renamed")
                .build();

        String json = ProtoJson.print(big);
        Everything parsed = ProtoJson.merge(json, Everything.newBuilder()).build();

        assertThat(parsed).isEqualTo(big);
        assertThat(ProtoJson.print(parsed)).isEqualTo(json);
        assertThat(ProtoJson.parse(ProtoJson.toBytes(big), Everything.newBuilder()).build()).isEqualTo(big);
    }

    @Test
    void randomMessagesSurvivePrintAndParse() {
        RandomMessages random = new RandomMessages(20240611L);
        for (int i = 0; i < 1000; i++) {
            Everything message = random.fill(Everything.newBuilder()).build();

            String json = ProtoJson.print(message);
            Everything parsed = ProtoJson.parse(ProtoJson.toBytes(message), Everything.newBuilder()).build();

            assertThat(json).as("message %d", i).doesNotContain("\n");
            assertThat(parsed).as("message %d: %s", i, json).isEqualTo(message);
            assertThat(ProtoJson.print(parsed)).as("message %d", i).isEqualTo(json);
        }
    }

    @Test
    void randomCallsSurvivePrintAndParse() {
        RandomMessages random = new RandomMessages(7L);
        for (int i = 0; i < 200; i++) {
            Call call = random.fill(Call.newBuilder()).build();

            assertThat(ProtoJson.merge(ProtoJson.print(call), Call.newBuilder()).build()).isEqualTo(call);
        }
    }
}
