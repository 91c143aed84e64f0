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

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a RecordIO byte stream ({@link RecordIo}) into records, whatever the boundaries of the chunks it is
 * fed in: a chunk may end inside a length header or inside data and may hold several records.
 *
 * <p>One decoder per stream; not thread-safe. After it has thrown a {@link RecordIoException} the stream
 * cannot be resynchronised and every further call throws again. Memory for a record grows with the data that
 * has actually arrived, so a peer announcing a large record does not make the decoder allocate it up front.
 */
public final class RecordIoDecoder {

    /** The default largest record accepted: 64 MiB, the size limit of a protobuf message in Mesos. */
    public static final int DEFAULT_MAX_RECORD_SIZE = 64 * 1024 * 1024;

    // Enough for any uint64 length; a longer header (even of leading zeros) is garbage, not a length.
    private static final int MAX_HEADER_DIGITS = 20;
    private static final int MIN_BUFFER = 8 * 1024;

    private final int maxRecordSize;

    private long offset;          // bytes of the stream consumed so far, for error messages
    private int headerDigits;
    private long length;          // value of the header digits read so far, never above maxRecordSize
    private byte[] record;        // non-null while reading the data of a record of `expected` bytes
    private int expected;
    private int filled;
    private String failure;

    /** A decoder accepting records up to {@link #DEFAULT_MAX_RECORD_SIZE} bytes. */
    public RecordIoDecoder() {
        this(DEFAULT_MAX_RECORD_SIZE);
    }

    /**
     * @param maxRecordSize the largest record accepted, in bytes of data
     * @throws IllegalArgumentException if {@code maxRecordSize} is not positive
     */
    public RecordIoDecoder(int maxRecordSize) {
        if (maxRecordSize <= 0) {
            throw new IllegalArgumentException("maxRecordSize must be positive, got " + maxRecordSize);
        }
        this.maxRecordSize = maxRecordSize;
    }

    /** The largest record this decoder accepts, in bytes. */
    public int maxRecordSize() {
        return maxRecordSize;
    }

    /**
     * Consumes {@code chunk[off, off + len)} and returns the records it completed, in stream order (possibly
     * none). Each returned array is new and belongs to the caller.
     *
     * @throws RecordIoException if the stream is not valid RecordIO
     */
    public List<byte[]> feed(byte[] chunk, int off, int len) throws RecordIoException {
        List<byte[]> records = new ArrayList<>(2);
        feed(ByteBuffer.wrap(chunk, off, len), records::add);
        return records;
    }

    /** Consumes all of {@code chunk}; see {@link #feed(byte[], int, int)}. */
    public List<byte[]> feed(byte[] chunk) throws RecordIoException {
        return feed(chunk, 0, chunk.length);
    }

    /**
     * Consumes the remaining bytes of {@code chunk} (heap or direct), passing each completed record to
     * {@code sink} as soon as it is complete. If {@code sink} throws, the bytes after that record stay
     * unconsumed in {@code chunk}, and the decoder can be fed them again.
     *
     * @throws RecordIoException if the stream is not valid RecordIO
     */
    public void feed(ByteBuffer chunk, Consumer<byte[]> sink) throws RecordIoException {
        if (failure != null) {
            throw new RecordIoException("decoder has already failed: " + failure);
        }
        while (chunk.hasRemaining()) {
            if (record == null) {
                readHeaderByte(chunk.get());
            } else {
                int n = Math.min(chunk.remaining(), expected - filled);
                if (filled + n > record.length) {
                    record = Arrays.copyOf(record, (int) Math.min(expected, Math.max(filled + n, 2L * record.length)));
                }
                chunk.get(record, filled, n);
                filled += n;
                offset += n;
                if (filled == expected) {
                    byte[] done = record;
                    record = null;
                    sink.accept(done);
                }
            }
        }
    }

    /** True if the bytes consumed so far end exactly after a record (or nothing was consumed). */
    public boolean isAtRecordBoundary() {
        return record == null && headerDigits == 0;
    }

    /**
     * Declares the end of the stream.
     *
     * @throws RecordIoException if the stream ended inside a header or a record
     */
    public void finish() throws RecordIoException {
        if (failure != null) {
            throw new RecordIoException("decoder has already failed: " + failure);
        }
        if (record != null) {
            throw fail("stream ended inside a record of " + expected + " bytes after " + filled + " bytes");
        }
        if (headerDigits > 0) {
            throw fail("stream ended inside a record length header");
        }
    }

    private void readHeaderByte(byte b) throws RecordIoException {
        if (b >= '0' && b <= '9') {
            if (++headerDigits > MAX_HEADER_DIGITS) {
                throw fail("record length header longer than " + MAX_HEADER_DIGITS + " digits");
            }
            length = length * 10 + (b - '0');
            if (length > maxRecordSize) {
                throw fail("record length of at least " + length + " bytes exceeds the maximum of "
                        + maxRecordSize + " bytes");
            }
            offset++;
        } else if (b == '\n') {
            if (headerDigits == 0) {
                throw fail("empty record length header");
            }
            if (length == 0) {
                throw fail("record of length 0");
            }
            expected = (int) length;
            record = new byte[Math.min(expected, MIN_BUFFER)];
            filled = 0;
            headerDigits = 0;
            length = 0;
            offset++;
        } else {
            throw fail(String.format("unexpected byte 0x%02x in a record length header,"
                    + " expected a decimal digit or '\\n'", b & 0xff));
        }
    }

    private RecordIoException fail(String reason) {
        failure = reason + " (at stream offset " + offset + ")";
        record = null;
        return new RecordIoException(failure);
    }
}
