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
package org.agora.api.recordio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordIoDecoderTest {

    // Sizes around digit-count changes, and one larger than the decoder's initial buffer.
    private static final List<byte[]> RECORDS = List.of(
            bytes(1, 'a'), bytes(9, 'b'), bytes(10, 'c'), bytes(11, 'd'), bytes(99, 'e'), bytes(100, '\n'),
            bytes(1000, 'f'), "{\"type\":\"HEARTBEAT\"}".getBytes(StandardCharsets.UTF_8), bytes(70_000, 'g'),
            bytes(1, '\n'));

    private static final byte[] STREAM = stream(RECORDS);

    @Test
    void decodesAStreamFedInOneChunk() throws RecordIoException {
        RecordIoDecoder decoder = new RecordIoDecoder();

        assertThat(decoder.feed(STREAM)).containsExactlyElementsOf(RECORDS);
        assertThat(decoder.isAtRecordBoundary()).isTrue();
        decoder.finish();
    }

    @Test
    void decodesAStreamFedByteByByte() throws RecordIoException {
        RecordIoDecoder decoder = new RecordIoDecoder();
        List<byte[]> records = new ArrayList<>();

        for (int i = 0; i < STREAM.length; i++) {
            records.addAll(decoder.feed(STREAM, i, 1));
        }

        assertThat(records).containsExactlyElementsOf(RECORDS);
    }

    @Test
    void decodesTheStreamSplitAtEveryPoint() throws RecordIoException {
        List<byte[]> small = RECORDS.subList(0, 8); // every split point of the 70 kB record would be slow
        byte[] stream = stream(small);
        for (int split = 0; split <= stream.length; split++) {
            RecordIoDecoder decoder = new RecordIoDecoder();
            List<byte[]> records = new ArrayList<>(decoder.feed(stream, 0, split));
            records.addAll(decoder.feed(stream, split, stream.length - split));

            assertThat(records).as("split at %d", split).containsExactlyElementsOf(small);
        }
    }

    @Test
    void decodesRandomChunkings() throws RecordIoException {
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            RecordIoDecoder decoder = new RecordIoDecoder();
            List<byte[]> records = new ArrayList<>();
            int maxChunk = 1 + random.nextInt(run % 2 == 0 ? 16 : 20_000);
            for (int off = 0; off < STREAM.length; ) {
                int len = Math.min(STREAM.length - off, random.nextInt(maxChunk + 1));
                records.addAll(decoder.feed(STREAM, off, len));
                off += len;
            }

            assertThat(records).as("run %d", run).containsExactlyElementsOf(RECORDS);
            assertThat(decoder.isAtRecordBoundary()).isTrue();
        }
    }

    @Test
    void decodesFromDirectByteBuffers() throws RecordIoException {
        ByteBuffer direct = ByteBuffer.allocateDirect(STREAM.length).put(STREAM).flip();
        List<byte[]> records = new ArrayList<>();

        new RecordIoDecoder().feed(direct, records::add);

        assertThat(records).containsExactlyElementsOf(RECORDS);
        assertThat(direct.hasRemaining()).isFalse();
    }

    @Test
    void acceptsRecordsUpToTheMaximumAndRejectsLarger() throws RecordIoException {
        assertThat(new RecordIoDecoder(10).feed(RecordIo.encode(bytes(10, 'x')))).hasSize(1);

        assertThatThrownBy(() -> new RecordIoDecoder(10).feed(ascii("11\nxxxxxxxxxxx")))
                .isInstanceOf(RecordIoException.class)
                .hasMessage("record length of at least 11 bytes exceeds the maximum of 10 bytes (at stream offset 1)");
        assertThatThrownBy(() -> new RecordIoDecoder().feed(ascii("99999999999999\n")))
                .isInstanceOf(RecordIoException.class).hasMessageContaining("exceeds the maximum of 67108864 bytes");
    }

    @Test
    void rejectsMalformedHeaders() {
        assertRejected("abc\n", "unexpected byte 0x61 in a record length header, expected a decimal digit or '\\n'"
                + " (at stream offset 0)");
        assertRejected("\n", "empty record length header (at stream offset 0)");
        assertRejected("0\nx", "record of length 0 (at stream offset 1)");
        assertRejected("-1\nx", "unexpected byte 0x2d");
        assertRejected("5\r\nhello", "unexpected byte 0x0d");
        assertRejected(" 5\nhello", "unexpected byte 0x20");
        assertRejected("000000000000000000001\nx", "record length header longer than 20 digits");
        assertRejected("2\nok3\nabc4\nbad!x\n", "unexpected byte 0x78 in a record length header,"
                + " expected a decimal digit or '\\n' (at stream offset 15)");
    }

    @Test
    void staysFailedAfterAnError() throws RecordIoException {
        RecordIoDecoder decoder = new RecordIoDecoder();
        assertThatThrownBy(() -> decoder.feed(ascii("x"))).isInstanceOf(RecordIoException.class);

        assertThatThrownBy(() -> decoder.feed(ascii("1\na"))).isInstanceOf(RecordIoException.class)
                .hasMessageStartingWith("decoder has already failed: unexpected byte 0x78");
        assertThatThrownBy(decoder::finish).isInstanceOf(RecordIoException.class);
    }

    @Test
    void finishRejectsAStreamThatEndsInsideARecord() throws RecordIoException {
        RecordIoDecoder inData = new RecordIoDecoder();
        assertThat(inData.feed(ascii("5\nhel"))).isEmpty();
        assertThat(inData.isAtRecordBoundary()).isFalse();
        assertThatThrownBy(inData::finish).isInstanceOf(RecordIoException.class)
                .hasMessage("stream ended inside a record of 5 bytes after 3 bytes (at stream offset 5)");

        RecordIoDecoder inHeader = new RecordIoDecoder();
        inHeader.feed(ascii("1"));
        assertThatThrownBy(inHeader::finish).isInstanceOf(RecordIoException.class)
                .hasMessageStartingWith("stream ended inside a record length header");

        new RecordIoDecoder().finish();
    }

    @Test
    void aThrowingSinkLeavesTheRestOfTheChunkForTheNextFeed() throws RecordIoException {
        RecordIoDecoder decoder = new RecordIoDecoder();
        ByteBuffer chunk = ByteBuffer.wrap(ascii("1\na1\nb"));

        assertThatThrownBy(() -> decoder.feed(chunk, record -> {
            throw new IllegalStateException("busy");
        })).hasMessage("busy");
        List<byte[]> rest = new ArrayList<>();
        decoder.feed(chunk, rest::add);

        assertThat(rest).containsExactly(ascii("b"));
    }

    private static void assertRejected(String stream, String message) {
        assertThatThrownBy(() -> new RecordIoDecoder().feed(ascii(stream)))
                .as(stream).isInstanceOf(RecordIoException.class).hasMessageContaining(message);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    private static byte[] stream(List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach(r -> out.writeBytes(RecordIo.encode(r)));
        return out.toByteArray();
    }
}
