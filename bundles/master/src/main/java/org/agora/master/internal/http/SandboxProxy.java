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
package org.agora.master.internal.http;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.agora.http.HttpException;
import org.agora.http.Request;
import org.agora.http.Response;
import org.agora.master.internal.MasterAccess;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.agent.AgentSnapshot;
import org.agora.master.internal.security.Guard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /agents/<agent-id>/files/{browse,read,download}?path=...[&offset=&length=]}: the agent's own
 * {@code /files/*} endpoint, fetched by the master for the web UI. The browser then reads sandboxes from the origin it
 * loaded the page from: the agents send no CORS headers (and should not: a page on any site could then read
 * sandboxes with an operator's browser), and a browser often cannot reach agents at all where the master can. The
 * caller's {@code Authorization} header goes to the agent unchanged, so the agent's authentication and its
 * ACCESS_SANDBOX authorization decide what the caller may read, exactly as when it asks the agent itself. Only the
 * three operations and only agents this (leading) master knows are reachable: the proxy is no way into anything else.
 * Agents are asked over plain HTTP (an agent that requires TLS answers 400, which is passed on).
 */
final class SandboxProxy {
    static final String PREFIX = "/agents/";
    private static final Logger LOG = LoggerFactory.getLogger(SandboxProxy.class);
    private static final List<String> OPERATIONS = List.of("browse", "read", "download");
    private static final List<String> PARAMETERS = List.of("path", "offset", "length");
    private static final List<String> SAFE_TYPES = List.of("application/json", "text/plain",
            "application/octet-stream");
    /** Headers of the agent's answer that the caller needs besides its Content-Type. */
    private static final List<String> PASSED_BACK = List.of("Content-Disposition", "WWW-Authenticate");

    private final MasterAccess master;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    SandboxProxy(MasterAccess master) {
        this.master = master;
    }

    CompletableFuture<Response> handle(Request request) {
        // <agent-id>/files/<operation>
        String[] parts = request.path().substring(PREFIX.length()).split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !parts[1].equals("files") || !OPERATIONS.contains(parts[2])) {
            throw HttpException.notFound("No such endpoint: " + request.path() + " (expecting " + PREFIX
                    + "<agent-id>/files/browse, read or download)");
        }
        String agentId = parts[0];
        String operation = parts[2];
        return Authenticated.call(master, request, Guard.Need.READONLY, caller -> master.call(m -> m.snapshot())
                .thenCompose(s -> forward(request, s, agentId, operation)));
    }

    private CompletableFuture<Response> forward(Request request, MasterSnapshot s, String agentId, String operation) {
        if (!s.leading()) {
            return CompletableFuture.completedFuture(Response.redirect(MasterRoutes.leaderUrl(s.leader(),
                    request.path())));
        }
        AgentSnapshot agent = s.agents().stream().filter(a -> a.id().equals(agentId)).findFirst()
                .orElseThrow(() -> HttpException.notFound("Agent " + agentId + " is unknown to this master"));
        String base = "http://" + agent.info().getHostname() + ":" + agent.info().getPort();
        URI uri = URI.create(base + "/files/" + operation + query(request));
        HttpRequest.Builder out = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        request.header("Authorization").ifPresent(a -> out.header("Authorization", a));
        return client.sendAsync(out.build(), HttpResponse.BodyHandlers.ofByteArray()).handle((answer, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                LOG.warn("Sandbox proxy: agent {} at {} did not answer /files/{}: {}", agentId, base, operation,
                        cause.toString());
                return Response.text(502, "Agent " + agentId + " at " + base + " did not answer: " + cause);
            }
            Response r = Response.of(answer.statusCode(), contentType(answer), answer.body());
            for (String name : PASSED_BACK) {
                answer.headers().firstValue(name).ifPresent(v -> r.header(name, v));
            }
            // served from the master's origin, where the UI runs: never as a page or script of that origin
            return r.header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", "sandbox");
        });
    }

    /** The agent's JSON, text (errors) or bytes (downloads) as such; anything else as bytes. */
    private static String contentType(HttpResponse<byte[]> answer) {
        String type = answer.headers().firstValue("Content-Type").orElse(null);
        if (type == null && answer.body().length == 0) {
            return null;
        }
        String media = type == null ? "" : type.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        return SAFE_TYPES.contains(media) ? type : "application/octet-stream";
    }

    private static String query(Request request) {
        StringBuilder q = new StringBuilder();
        for (String name : PARAMETERS) {
            request.query(name).ifPresent(v -> q.append(q.length() == 0 ? '?' : '&').append(name).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        }
        return q.toString();
    }
}
