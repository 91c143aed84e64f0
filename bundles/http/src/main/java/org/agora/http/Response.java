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

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A response: a status, headers and either a complete body, or a callback that receives the open body once the
 * headers are on the wire: a {@link ResponseStream} for event streams, a {@link ChunkedBody} for a large document
 * sent while it is produced.
 */
public final class Response {
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json";
    public static final String PROTOBUF = "application/x-protobuf";

    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Map<String, String> headers;
    private final Consumer<ResponseStream> streamOpened;
    private final Consumer<ChunkedBody> chunkedWriter;

    private Response(int status, String contentType, byte[] body, Map<String, String> headers,
            Consumer<ResponseStream> streamOpened, Consumer<ChunkedBody> chunkedWriter) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.headers = headers;
        this.streamOpened = streamOpened;
        this.chunkedWriter = chunkedWriter;
    }

    public static Response of(int status, String contentType, byte[] body) {
        return new Response(status, contentType, body, new LinkedHashMap<>(), null, null);
    }

    public static Response ok(String contentType, byte[] body) {
        return of(200, contentType, body);
    }

    public static Response json(String json) {
        return ok(JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    public static Response text(int status, String message) {
        return of(status, TEXT, message.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code 202 Accepted} with no body, as Mesos answers asynchronous calls. */
    public static Response accepted() {
        return of(202, null, new byte[0]);
    }

    /** {@code 307 Temporary Redirect} to {@code location}. */
    public static Response redirect(String location) {
        return of(307, null, new byte[0]).header("Location", location);
    }

    /** A chunked response with this exact content type; {@code opened} gets the stream after the headers are sent. */
    public static Response stream(int status, String contentType, Consumer<ResponseStream> opened) {
        return new Response(status, contentType, null, new LinkedHashMap<>(), opened, null);
    }

    /**
     * A finite body sent in chunks while it is produced; {@code writer} gets it on the connection's I/O thread once
     * the headers are sent, and must produce it on a thread of its own (see {@link ChunkedBody}).
     */
    public static Response chunked(int status, String contentType, Consumer<ChunkedBody> writer) {
        return new Response(status, contentType, null, new LinkedHashMap<>(), null, writer);
    }

    public Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    /** Null when the response has no body. */
    public String contentType() {
        return contentType;
    }

    /** Null for a streaming or chunked response. */
    public byte[] body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public boolean isStream() {
        return streamOpened != null;
    }

    Consumer<ResponseStream> streamOpened() {
        return streamOpened;
    }

    public boolean isChunked() {
        return chunkedWriter != null;
    }

    Consumer<ChunkedBody> chunkedWriter() {
        return chunkedWriter;
    }

    /** The body as text, for tests and logs. */
    public String bodyText() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
