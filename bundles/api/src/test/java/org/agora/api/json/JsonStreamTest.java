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
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agora.api.json.test.JsonTestProtos.Everything;
import org.agora.api.json.test.JsonTestProtos.Nested;
import org.junit.jupiter.api.Test;

/** The streaming writer writes the text {@link Json#write} and the printer write, in UTF-8, across its flushes. */
class JsonStreamTest {

    private static String text(JsonStream out) {
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void membersWrittenOneByOneReadAsJsonWriteOfTheSameMap() {
        Map<String, Object> doc = new LinkedHashMap<>();
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 6000; i++) { // well past the writer's flush size and its 256 KiB segments
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("n", (long) i);
            item.put("t", 1.7e9 + i / 8.0);
            item.put("s", "é \"" + i + "\" \u0001 😀 日本");
            item.put("ok", i % 2 == 0);
            item.put("none", null);
            items.add(item);
        }
        doc.put("items", items);
        doc.put("nan", Double.NaN);

        JsonStream streamed = new JsonStream(16).beginObject().name("items").beginArray();
        for (Object o : items) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) o;
            streamed.beginObject().name("n").value((long) item.get("n")).name("t").value((double) item.get("t"))
                    .name("s").value((String) item.get("s")).name("ok").value((boolean) item.get("ok"))
                    .name("none").nullValue().endObject();
        }
        streamed.endArray().name("nan").value(Double.NaN).endObject();

        assertThat(text(streamed)).isEqualTo(Json.write(doc));
    }

    @Test
    void preWrittenMembersTakeTheirPlaceAmongMembersWrittenOneByOne() {
        byte[] kept = JsonStream.membersOf(new JsonStream(16).beginObject().name("b").value("x,\"y\"")
                .name("c").beginArray().value(1L).endArray().endObject().toByteArray());
        byte[] one = JsonStream.membersOf(new JsonStream(16).beginObject().name("e").nullValue().endObject()
                .toByteArray());

        JsonStream out = new JsonStream(16).beginArray()
                .beginObject().members(kept).name("d").value(true).members(one).endObject()
                .beginObject().name("a").value(0L).members(kept).members(new byte[0]).endObject()
                .beginObject().members(one).endObject()
                .endArray();

        assertThat(text(out)).isEqualTo("[{\"b\":\"x,\\\"y\\\"\",\"c\":[1],\"d\":true,\"e\":null},"
                + "{\"a\":0,\"b\":\"x,\\\"y\\\"\",\"c\":[1]},{\"e\":null}]");
        assertThat(JsonStream.membersOf("{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> JsonStream.membersOf("[1]".getBytes(
                StandardCharsets.UTF_8)));
    }

    @Test
    void preWrittenValuesAndNestedMessagesReadAsThePrintedMessage() {
        RandomMessages random = new RandomMessages(42L);
        for (int i = 0; i < 200; i++) {
            Everything message = random.fill(Everything.newBuilder()).build();
            Map<Object, byte[]> written = new java.util.IdentityHashMap<>();

            JsonStream out = new JsonStream(16).beginArray()
                    .json(new JsonStream(16).message(message).toByteArray())
                    .message(message, m -> m instanceof Nested n ? written.computeIfAbsent(n,
                            k -> new JsonStream(16).message(n).toByteArray()) : null)
                    .endArray();

            String printed = ProtoJson.printWithExplicitDefaults(message);
            assertThat(text(out)).as("message %d", i).isEqualTo("[" + printed + "," + printed + "]");
        }
    }

    @Test
    void aWriterWithASinkHandsOverTheSameBytesInPiecesOfAtMost256KiBAsTheyFill() {
        List<byte[]> pieces = new ArrayList<>();
        List<Integer> piecesBeforeTheEnd = new ArrayList<>();
        JsonStream kept = new JsonStream(16).beginArray();
        JsonStream sent = new JsonStream(pieces::add).beginArray();
        String value = "x".repeat(1000) + "é";
        for (int i = 0; i < 1500; i++) { // about 1.5 MB
            kept.value(value).json(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            sent.value(value).json(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        kept.endArray();
        sent.endArray();
        piecesBeforeTheEnd.add(pieces.size());
        sent.finish();

        // the full pieces left while the document was written, not at its end
        assertThat(piecesBeforeTheEnd.get(0)).isGreaterThanOrEqualTo(5);
        assertThat(pieces).allMatch(p -> p.length > 0 && p.length <= 256 * 1024);
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        pieces.forEach(joined::writeBytes);
        assertThat(joined.toByteArray()).isEqualTo(kept.toByteArray());
        org.assertj.core.api.Assertions.assertThatThrownBy(sent::toByteArray)
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anExceptionFromTheSinkEndsTheWriting() {
        JsonStream out = new JsonStream(piece -> {
            throw new java.util.concurrent.CancellationException("the reader went away");
        }).beginArray();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            for (int i = 0; i < 100_000; i++) {
                out.value("0123456789");
            }
        }).isInstanceOf(java.util.concurrent.CancellationException.class);
    }
}
