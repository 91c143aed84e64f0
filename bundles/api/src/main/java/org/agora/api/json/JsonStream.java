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

import com.google.protobuf.MessageOrBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one compact JSON document as UTF-8 bytes, member by member, for large documents (a master's state at
 * 10,000 agents is tens of MB) that would cost twice their size and a walk over maps built for the purpose if written
 * with {@link Json#write}. Strings, numbers and protobuf messages come out exactly as {@link Json#write} writes them,
 * so a document written either way is the same text. Pre-written JSON values (e.g. a task's JSON kept until the task
 * changes) are inserted with {@link #json(byte[])}.
 *
 * <p>Not thread-safe: one writer per document. The caller is trusted to produce a well-formed structure (names only
 * inside objects, every begin matched by its end); the writer places the commas.
 */
public final class JsonStream {
    // Text goes through the shared writer into a small char buffer, and from there as UTF-8 into the byte buffer.
    private static final int FLUSH_AT = 8192;

    // The bytes go into segments of at most this size, copied once into the result: a document of tens of MB then
    // costs one large array (what the caller keeps), not a buffer doubled and copied while it grows.
    private static final int SEGMENT = 256 * 1024;

    private final StringBuilder chars;
    private final JsonWriter writer;
    private final java.util.List<byte[]> full = new java.util.ArrayList<>();
    private final java.util.function.Consumer<byte[]> sink; // null: the segments are kept for toByteArray
    private byte[] bytes;
    private int size; // used in bytes
    private long total; // in the full segments

    /** A writer whose first buffer holds {@code capacity} bytes (at most 256 KiB; more are added as needed). */
    public JsonStream(int capacity) {
        this(capacity, null);
    }

    /**
     * A writer that hands each piece of 256 KiB to {@code sink} as soon as it is full, and the rest at
     * {@link #finish}, instead of keeping the document: for sending it while it is written. The sink owns each
     * array it gets. An exception the sink throws ends the writing (it propagates from the call that wrote).
     */
    public JsonStream(java.util.function.Consumer<byte[]> sink) {
        this(SEGMENT, java.util.Objects.requireNonNull(sink, "sink"));
    }

    private JsonStream(int capacity, java.util.function.Consumer<byte[]> sink) {
        this.sink = sink;
        bytes = new byte[Math.min(SEGMENT, Math.max(16, capacity))];
        chars = new StringBuilder(Math.min(FLUSH_AT, bytes.length) + 256);
        writer = new JsonWriter(chars);
    }

    public JsonStream beginObject() {
        writer.beginObject();
        return this;
    }

    public JsonStream endObject() {
        writer.endObject();
        return flushIfFull();
    }

    public JsonStream beginArray() {
        writer.beginArray();
        return this;
    }

    public JsonStream endArray() {
        writer.endArray();
        return flushIfFull();
    }

    /** The name of the next object member. */
    public JsonStream name(String name) {
        writer.name(name);
        return this;
    }

    public JsonStream value(String value) {
        if (value == null) {
            writer.nullValue();
        } else {
            writer.value(value);
        }
        return flushIfFull();
    }

    public JsonStream value(long value) {
        writer.value(value);
        return this;
    }

    /** A double as {@link Json#write} writes it: plain notation for large magnitudes, NaN and infinities as strings. */
    public JsonStream value(double value) {
        writer.value(value);
        return this;
    }

    public JsonStream value(boolean value) {
        writer.value(value);
        return this;
    }

    public JsonStream nullValue() {
        writer.nullValue();
        return this;
    }

    /** A protobuf message as {@link Json#write} writes it (Mesos's mapping, explicit defaults). */
    public JsonStream message(MessageOrBuilder message) {
        new MessagePrinter(writer, true).print(message);
        return flushIfFull();
    }

    /**
     * A protobuf message as {@link #message(MessageOrBuilder)} writes it, except that each nested message for which
     * {@code prewritten} has its JSON (not null) is inserted as that JSON: for documents that repeat many unchanged
     * messages (a cluster's tasks), whose JSON the caller keeps. The caller must give exactly the JSON
     * {@link #message(MessageOrBuilder)} writes for that message, or the document differs from the printed one.
     */
    public JsonStream message(MessageOrBuilder message,
            java.util.function.Function<com.google.protobuf.Message, byte[]> prewritten) {
        new MessagePrinter(writer, true, m -> {
            byte[] json = prewritten.apply(m);
            if (json == null) {
                return false;
            }
            json(json);
            return true;
        }).print(message);
        return flushIfFull();
    }

    /**
     * Any value {@link Json#write} accepts (maps, iterables, messages, ...), written as it writes it.
     *
     * @throws IllegalArgumentException for a value of a type {@link Json#write} refuses
     */
    public JsonStream value(Object value) {
        Json.write(writer, value);
        return flushIfFull();
    }

    /** One complete JSON value written before (e.g. by another stream's {@link #toByteArray}), inserted as it is. */
    public JsonStream json(byte[] value) {
        writer.beforeValue();
        flush();
        append(value, 0, value.length);
        return this;
    }

    /**
     * Members of the object being written, written before (e.g. by {@link #membersOf}), inserted as they are: one or
     * more complete {@code "name":value} members separated by commas, without a comma before or after them. The writer
     * places the comma between them and the members around them.
     */
    public JsonStream members(byte[] fragment) {
        if (fragment.length == 0) {
            return this;
        }
        writer.beforeValue(); // in an object: the comma after an earlier member, as before a name
        flush();
        append(fragment, 0, fragment.length);
        return this;
    }

    /**
     * The members of {@code object}, a JSON object this class wrote (so without white space around its braces), for
     * {@link #members}: {@code {"a":1,"b":2}} gives {@code "a":1,"b":2}.
     *
     * @throws IllegalArgumentException when {@code object} is not braced
     */
    public static byte[] membersOf(byte[] object) {
        if (object.length < 2 || object[0] != '{' || object[object.length - 1] != '}') {
            throw new IllegalArgumentException("not a JSON object written by JsonStream");
        }
        return Arrays.copyOfRange(object, 1, object.length - 1);
    }

    /**
     * The bytes written so far (a copy).
     *
     * @throws IllegalStateException when they exceed the largest Java array
     */
    public byte[] toByteArray() {
        if (sink != null) {
            throw new IllegalStateException("a JsonStream with a sink keeps nothing; call finish()");
        }
        flush();
        if (total + size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("JSON document of " + (total + size) + " bytes is too large for an array");
        }
        byte[] out = new byte[(int) (total + size)];
        int at = 0;
        for (byte[] segment : full) {
            System.arraycopy(segment, 0, out, at, segment.length);
            at += segment.length;
        }
        System.arraycopy(bytes, 0, out, at, size);
        return out;
    }

    /** Hands what is still buffered to the sink; the document is complete. Only for a writer with a sink. */
    public void finish() {
        if (sink == null) {
            throw new IllegalStateException("finish() is for a JsonStream with a sink; call toByteArray()");
        }
        flush();
        if (size > 0) {
            byte[] rest = Arrays.copyOf(bytes, size);
            size = 0;
            sink.accept(rest);
        }
    }

    private JsonStream flushIfFull() {
        if (chars.length() >= FLUSH_AT) {
            flush();
        }
        return this;
    }

    private void flush() {
        if (chars.length() == 0) {
            return;
        }
        byte[] encoded = chars.toString().getBytes(StandardCharsets.UTF_8);
        chars.setLength(0);
        append(encoded, 0, encoded.length);
    }

    private void append(byte[] b, int from, int length) {
        while (length > 0) {
            if (size == bytes.length) {
                if (sink != null && bytes.length == SEGMENT) {
                    byte[] piece = bytes;
                    bytes = new byte[SEGMENT];
                    size = 0;
                    sink.accept(piece);
                } else if (bytes.length < SEGMENT) {
                    bytes = Arrays.copyOf(bytes, Math.min(SEGMENT, bytes.length * 2));
                } else {
                    full.add(bytes);
                    total += bytes.length;
                    bytes = new byte[SEGMENT];
                    size = 0;
                }
            }
            int n = Math.min(length, bytes.length - size);
            System.arraycopy(b, from, bytes, size, n);
            size += n;
            from += n;
            length -= n;
        }
    }
}
