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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Maps method and path to a handler: exact paths first, then the longest matching prefix. Unknown paths answer 404,
 * known paths with another method 405 with an {@code Allow} header. Immutable once built.
 */
public final class Router {
    private final Map<String, Map<String, HttpHandler>> exact;
    private final List<Prefix> prefixes;
    private final Map<String, WebSocketHandler> webSockets;

    private record Prefix(String prefix, Map<String, HttpHandler> byMethod) {
    }

    private Router(Builder b) {
        this.exact = Map.copyOf(b.exact);
        List<Prefix> p = new ArrayList<>();
        b.prefixes.forEach((prefix, byMethod) -> p.add(new Prefix(prefix, Map.copyOf(byMethod))));
        p.sort((x, y) -> y.prefix.length() - x.prefix.length());
        this.prefixes = List.copyOf(p);
        this.webSockets = Map.copyOf(b.webSockets);
    }

    public static Builder builder() {
        return new Builder();
    }

    Optional<WebSocketHandler> webSocket(String path) {
        return Optional.ofNullable(webSockets.get(path));
    }

    /** Finds the handler and runs it; routing failures come back as a failed stage with an {@link HttpException}. */
    public CompletionStage<Response> dispatch(Request request) {
        Map<String, HttpHandler> byMethod = exact.get(request.path());
        if (byMethod == null) {
            byMethod = prefixes.stream().filter(p -> request.path().startsWith(p.prefix)).findFirst()
                    .map(Prefix::byMethod).orElse(null);
        }
        if (byMethod == null) {
            return CompletableFuture.failedFuture(HttpException.notFound("No such endpoint: " + request.path()));
        }
        HttpHandler handler = byMethod.get(request.method());
        if (handler == null && "HEAD".equals(request.method())) {
            handler = byMethod.get("GET");
        }
        if (handler == null) {
            String allow = String.join(", ", byMethod.keySet());
            Response r = Response.text(405, "Method " + request.method() + " is not allowed on " + request.path()
                    + "; expecting " + allow).header("Allow", allow);
            return CompletableFuture.completedFuture(r);
        }
        try {
            return handler.handle(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Collects routes; not thread-safe. */
    public static final class Builder {
        private final Map<String, Map<String, HttpHandler>> exact = new HashMap<>();
        private final Map<String, Map<String, HttpHandler>> prefixes = new HashMap<>();
        private final Map<String, WebSocketHandler> webSockets = new HashMap<>();

        public Builder get(String path, HttpHandler handler) {
            return route("GET", path, handler);
        }

        public Builder post(String path, HttpHandler handler) {
            return route("POST", path, handler);
        }

        public Builder route(String method, String path, HttpHandler handler) {
            exact.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, handler);
            return this;
        }

        /** Every path that starts with {@code prefix} (when no exact route matches). */
        public Builder prefix(String method, String prefix, HttpHandler handler) {
            prefixes.computeIfAbsent(prefix, p -> new LinkedHashMap<>()).put(method, handler);
            return this;
        }

        /** WebSocket upgrades on exactly {@code path}. */
        public Builder webSocket(String path, WebSocketHandler handler) {
            webSockets.put(path, handler);
            return route("GET", path, r -> CompletableFuture.failedFuture(
                    HttpException.badRequest(path + " expects a WebSocket upgrade")));
        }

        public Router build() {
            return new Router(this);
        }
    }
}
