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

import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Converts any proto2 message to and from JSON by the rules of Mesos's v1 HTTP APIs ({@code stout/protobuf.hpp}),
 * which differ from proto3's JSON mapping.
 *
 * <p>Printing: one line of compact JSON with no whitespace; fields in declaration order under their
 * {@code .proto} names (snake_case); only set fields and non-empty repeated fields; enums by name; all integer
 * types as JSON numbers (uint64 unsigned, e.g. {@code 18446744073709551615}); doubles and floats as numbers,
 * NaN and infinities as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}; bytes as standard
 * padded base64; maps as objects keyed by the map key.
 *
 * <p>Parsing: fields by {@code .proto} name or lowerCamelCase JSON name; unknown names ignored; {@code null}
 * means absent, also for elements of arrays and values of maps; numbers for integer, double and float fields
 * may be JSON numbers or strings holding one ({@code "123"}, and {@code "NaN"}/{@code "Infinity"} for floating
 * point); integer fields take only integral values in range ({@code 5.0} is 5, {@code 5.5} is an error); enums
 * by name or number; bytes from standard or URL-safe base64, padding optional; nesting at most
 * {@value JsonReader#MAX_DEPTH} levels. Parsing merges into the builder and does not check required fields:
 * the caller asks {@link #missingRequired} (for a 400 answer naming them) or calls {@code build()}.
 *
 * <p>All methods are thread-safe; the class keeps no state.
 */
public final class ProtoJson {

    private ProtoJson() {
    }

    /** The message as compact JSON; never contains a line feed. */
    public static String print(MessageOrBuilder message) {
        StringBuilder out = new StringBuilder(256);
        printTo(message, out);
        return out.toString();
    }

    /** Appends the message as compact JSON to {@code out}; see {@link #print}. */
    public static void printTo(MessageOrBuilder message, StringBuilder out) {
        new MessagePrinter(new JsonWriter(out), false).print(message);
    }

    /** The message as compact JSON, encoded as UTF-8; see {@link #print}. */
    public static byte[] toBytes(MessageOrBuilder message) {
        // The writer escapes unpaired surrogates, so the encoding is lossless.
        return print(message).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The message as compact JSON that also includes every unset, non-deprecated optional field declaring an
     * explicit {@code [default = …]}, with that default: byte for byte what Mesos's own printer emits (e.g.
     * {@code "refuse_seconds":5.0} for an empty {@code Filters}), for clients that rely on seeing those fields.
     */
    public static String printWithExplicitDefaults(MessageOrBuilder message) {
        StringBuilder out = new StringBuilder(256);
        new MessagePrinter(new JsonWriter(out), true).print(message);
        return out.toString();
    }

    /**
     * Merges the JSON object in {@code json} into {@code builder}.
     *
     * @return {@code builder}
     * @throws JsonParseException if {@code json} is not one JSON object or a value does not fit its field; the
     *     builder may then hold part of the input
     */
    public static <B extends Message.Builder> B merge(CharSequence json, B builder) {
        new MessageParser(new JsonReader(json)).parseDocument(builder);
        return builder;
    }

    /**
     * Merges the UTF-8 encoded JSON object in {@code utf8} into {@code builder}; see {@link #merge}.
     *
     * @throws JsonParseException also if the bytes are not valid UTF-8 (its offset is then a byte offset)
     */
    public static <B extends Message.Builder> B parse(byte[] utf8, B builder) {
        return parse(utf8, 0, utf8.length, builder);
    }

    /** Merges the UTF-8 encoded JSON object in {@code utf8[offset, offset + length)}; see {@link #parse}. */
    public static <B extends Message.Builder> B parse(byte[] utf8, int offset, int length, B builder) {
        return merge(decodeUtf8(ByteBuffer.wrap(utf8, offset, length)), builder);
    }

    /**
     * The paths of the required fields that are not set, as protobuf names them ({@code
     * subscribe.framework_info.user}, {@code items[2].name}); empty if the message is initialized. HTTP
     * handlers answer a non-empty list with 400 "Missing required fields: " and the paths joined by ", ".
     */
    public static List<String> missingRequired(MessageOrBuilder message) {
        return message.findInitializationErrors();
    }

    // Strict decoding: String(bytes, UTF_8) would silently turn malformed input into U+FFFD.
    private static String decodeUtf8(ByteBuffer bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = bytes.position();
        CharBuffer chars = CharBuffer.allocate(bytes.remaining());
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isError()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            int at = bytes.position() - start;
            throw new JsonParseException("invalid UTF-8 at byte offset " + at, "", at);
        }
        return chars.flip().toString(); // String.charAt is faster for the reader than CharBuffer's
    }
}
