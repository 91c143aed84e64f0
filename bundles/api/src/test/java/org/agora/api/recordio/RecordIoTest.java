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

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordIoTest {

    private static final byte[] HEARTBEAT = "{\"type\":\"HEARTBEAT\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void framesRecordsAsInTheMesosDocs() {
        assertThat(new String(RecordIo.encode(HEARTBEAT), StandardCharsets.UTF_8))
                .isEqualTo("20\n{\"type\":\"HEARTBEAT\"}");
        assertThat(RecordIo.header(20)).isEqualTo("20\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(RecordIo.header(1234567890)).isEqualTo("1234567890\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(RecordIo.encodedLength(20)).isEqualTo(23);
        assertThat(RecordIo.encodedLength(9)).isEqualTo(11);
        assertThat(RecordIo.encodedLength(10)).isEqualTo(13);
    }

    @Test
    void encodesIntoAByteBufferOrNotAtAll() {
        ByteBuffer out = ByteBuffer.allocate(30).put((byte) '!');

        RecordIo.encode(HEARTBEAT, out);

        assertThat(out.position()).isEqualTo(24);
        assertThat(new String(out.array(), 0, 24, StandardCharsets.UTF_8)).isEqualTo("!20\n{\"type\":\"HEARTBEAT\"}");

        ByteBuffer small = ByteBuffer.allocate(22);
        assertThatThrownBy(() -> RecordIo.encode(HEARTBEAT, small)).isInstanceOf(BufferOverflowException.class);
        assertThat(small.position()).isZero();
    }

    @Test
    void refusesEmptyRecords() {
        assertThatThrownBy(() -> RecordIo.encode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordIo.header(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
