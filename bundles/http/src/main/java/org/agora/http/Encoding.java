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
package org.agora.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.agora.api.json.JsonParseException;
import org.agora.api.json.ProtoJson;

/**
 * The two encodings of the Mesos v1 APIs, and the negotiation rules Mesos applies to them: a request must say its
 * Content-Type (400 when missing, 415 when neither), the response follows Accept (JSON when absent or a wildcard, 406
 * when nothing acceptable).
 */
public enum Encoding {
    JSON(Response.JSON),
    PROTOBUF(Response.PROTOBUF);

    private final String mediaType;

    Encoding(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The encoding of the request body, from its Content-Type. */
    public static Encoding ofRequest(Request request) {
        String type = request.header("Content-Type")
                .orElseThrow(() -> HttpException.badRequest("Expecting 'Content-Type' to be present"));
        return of(type).orElseThrow(() -> new HttpException(415, "Expecting 'Content-Type' of "
                + JSON.mediaType + " or " + PROTOBUF.mediaType + ", got '" + type + "'"));
    }

    /** The encoding the client accepts for the response, from {@code header} (Accept or Message-Accept). */
    public static Encoding accepted(Request request, String header) {
        Optional<String> accept = request.header(header);
        if (accept.isEmpty() || accept.get().isBlank()) {
            return JSON;
        }
        double bestQ = 0;
        Encoding best = null;
        for (String part : accept.get().split(",")) {
            String[] params = part.trim().split(";");
            String type = params[0].trim().toLowerCase(Locale.ROOT);
            double q = 1.0;
            for (int i = 1; i < params.length; i++) {
                String p = params[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            Encoding e = type.equals("*/*") || type.equals("application/*") ? JSON : of(type).orElse(null);
            if (e != null && q > bestQ) {
                bestQ = q;
                best = e;
            }
        }
        if (best == null) {
            throw new HttpException(406, "Expecting '" + header + "' to allow " + JSON.mediaType + " or "
                    + PROTOBUF.mediaType + ", got '" + accept.get() + "'");
        }
        return best;
    }

    private static Optional<Encoding> of(String contentType) {
        String base = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        for (Encoding e : values()) {
            if (e.mediaType.equals(base)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses {@code body} into {@code builder} and builds it. Malformed input and missing required fields become a 400
     * that says what is wrong.
     */
    @SuppressWarnings("unchecked")
    public <M extends Message> M decode(byte[] body, Message.Builder builder) {
        try {
            if (this == JSON) {
                ProtoJson.parse(body, builder);
            } else {
                builder.mergeFrom(body);
            }
        } catch (JsonParseException | InvalidProtocolBufferException e) {
            throw HttpException.badRequest("Failed to parse body into " + builder.getDescriptorForType().getName()
                    + ": " + e.getMessage());
        }
        // isInitialized() is generated code; the reflective walk that names the fields runs only when it fails
        var missing = builder.isInitialized() ? java.util.List.<String>of() : ProtoJson.missingRequired(builder);
        if (!missing.isEmpty()) {
            throw HttpException.badRequest("Failed to validate " + builder.getDescriptorForType().getName()
                    + ": missing required fields " + String.join(", ", missing));
        }
        return (M) builder.build();
    }

    public byte[] encode(MessageOrBuilder message) {
        if (this == JSON) {
            // as Mesos prints it: unset fields with an explicit default appear with that default
            return ProtoJson.printWithExplicitDefaults(message).getBytes(StandardCharsets.UTF_8);
        }
        return ((message instanceof Message m) ? m : ((Message.Builder) message).build()).toByteArray();
    }

    /** A 200 response carrying {@code message} in this encoding. */
    public Response respond(MessageOrBuilder message) {
        return Response.ok(mediaType, encode(message));
    }
}
