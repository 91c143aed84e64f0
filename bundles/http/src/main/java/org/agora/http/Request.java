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

import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One HTTP request, fully read. Header names are case-insensitive. The path is decoded and never contains the query,
 * also when the client sent an absolute-form target ({@code POST http://host:5050/api/v1 HTTP/1.1}).
 */
public final class Request {
    private final String method;
    private final String path;
    private final Map<String, List<String>> query;
    private final Function<String, String> headers;
    private final byte[] body;
    private final SocketAddress remoteAddress;

    public Request(String method, String path, Map<String, List<String>> query, Function<String, String> headers,
            byte[] body, SocketAddress remoteAddress) {
        this.method = method;
        this.path = path;
        this.query = Map.copyOf(query);
        this.headers = headers;
        this.body = body;
        this.remoteAddress = remoteAddress;
    }

    /** Splits an origin-form ({@code /a?b}) or absolute-form ({@code http://h:1/a?b}) target into path and query. */
    static String pathOf(String target) {
        String rest = target;
        if (rest.startsWith("http://") || rest.startsWith("https://")) {
            URI uri = URI.create(rest);
            rest = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        }
        int q = rest.indexOf('?');
        return q < 0 ? rest : rest.substring(0, q);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The first value of a query parameter. */
    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.apply(name));
    }

    /** The body as sent (de-chunked); empty when there was none. The array is not copied: do not modify it. */
    public byte[] body() {
        return body;
    }

    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String toString() {
        return method + " " + path + " from " + remoteAddress;
    }
}
