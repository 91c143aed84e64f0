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

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Frames records as RecordIO: {@code <length of data in bytes, ASCII decimal> "\n" <data>}, nothing after the
 * data. The Mesos streaming endpoints send one record per HTTP chunk, and some clients assume exactly that, so
 * a writer should put {@link #header} and the data into one chunk (e.g. Netty's
 * {@code Unpooled.wrappedBuffer(RecordIo.header(data.length), data)}, which copies nothing) or use
 * {@link #encode}.
 *
 * <p>Records are never empty: an empty record would be indistinguishable from a keep-alive to some clients, so
 * Mesos never sends one and {@link RecordIoDecoder} rejects it.
 */
public final class RecordIo {

    private RecordIo() {
    }

    /**
     * The header for a record of {@code dataLength} bytes: the decimal length followed by {@code '\n'}.
     *
     * @throws IllegalArgumentException if {@code dataLength} is not positive
     */
    public static byte[] header(int dataLength) {
        checkLength(dataLength);
        return (dataLength + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The number of bytes {@code encode} produces for {@code dataLength} bytes of data. */
    public static int encodedLength(int dataLength) {
        checkLength(dataLength);
        return digits(dataLength) + 1 + dataLength;
    }

    /**
     * One record holding {@code data}: header and data in a new array.
     *
     * @throws IllegalArgumentException if {@code data} is empty
     */
    public static byte[] encode(byte[] data) {
        byte[] header = header(data.length);
        byte[] record = new byte[header.length + data.length];
        System.arraycopy(header, 0, record, 0, header.length);
        System.arraycopy(data, 0, record, header.length, data.length);
        return record;
    }

    /**
     * Writes one record holding {@code data} into {@code out} at its position, advancing it.
     *
     * @throws BufferOverflowException if {@code out} has less than {@link #encodedLength} bytes remaining; then
     *     nothing is written
     * @throws IllegalArgumentException if {@code data} is empty
     */
    public static void encode(byte[] data, ByteBuffer out) {
        byte[] header = header(data.length);
        if (out.remaining() < header.length + data.length) {
            throw new BufferOverflowException();
        }
        out.put(header).put(data);
    }

    private static void checkLength(int dataLength) {
        if (dataLength <= 0) {
            throw new IllegalArgumentException("a RecordIO record must hold at least one byte, got " + dataLength);
        }
    }

    private static int digits(int n) {
        int digits = 1;
        while (n >= 10) {
            n /= 10;
            digits++;
        }
        return digits;
    }
}
