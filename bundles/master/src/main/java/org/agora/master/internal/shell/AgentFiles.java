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
package org.agora.master.internal.shell;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agora.api.json.JsonParseException;
import org.agora.api.json.JsonTree;

/**
 * An agent's {@code /files/browse} and {@code /files/read}, asked over plain HTTP as the master's sandbox proxy for
 * the web UI asks them. Paths are relative to the agent's sandbox root. Failures are one line naming the agent, the
 * path and what it answered.
 */
final class AgentFiles {
    /** One entry of a directory listing. */
    record Entry(String path, String mode, long size, double mtime) {
        boolean directory() {
            return mode.startsWith("d");
        }

        String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** A piece of a file, and the file's size when only that was asked. */
    record Chunk(String data, long offset) {
    }

    private final String agentId;
    private final String base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    AgentFiles(String agentId, String hostname, int port) {
        this.agentId = agentId;
        this.base = "http://" + hostname + ":" + port;
    }

    List<Entry> browse(String path) throws InterruptedException {
        Object answer = get("browse", path, "");
        if (!(answer instanceof List<?> list)) {
            throw new IllegalStateException("Agent " + agentId + " answered /files/browse of '" + path
                    + "' with something other than a list");
        }
        List<Entry> out = new ArrayList<>();
        for (Object o : list) {
            Map<?, ?> m = (Map<?, ?>) o;
            out.add(new Entry(String.valueOf(m.get("path")), String.valueOf(m.get("mode")), number(m.get("size"))
                    .longValue(), number(m.get("mtime")).doubleValue()));
        }
        return out;
    }

    /** {@code length} bytes from {@code offset}; with a negative offset, no data and the file's size as offset. */
    Chunk read(String path, long offset, long length) throws InterruptedException {
        Object answer = get("read", path, offset < 0 ? "&offset=-1" : "&offset=" + offset + "&length=" + length);
        if (!(answer instanceof Map<?, ?> m)) {
            throw new IllegalStateException("Agent " + agentId + " answered /files/read of '" + path
                    + "' with something other than an object");
        }
        return new Chunk(String.valueOf(m.get("data")), number(m.get("offset")).longValue());
    }

    private Object get(String operation, String path, String more) throws InterruptedException {
        URI uri = URI.create(base + "/files/" + operation + "?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8)
                + more);
        HttpResponse<String> answer;
        try {
            answer = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Agent " + agentId + " at " + base + " did not answer: " + e);
        }
        if (answer.statusCode() != 200) {
            String body = answer.body().strip();
            int newline = body.indexOf('\n');
            throw new IllegalStateException("Agent " + agentId + " answered " + answer.statusCode() + " to /files/"
                    + operation + " of '" + path + "'" + (body.isEmpty() ? "" : ": "
                    + (newline < 0 ? body : body.substring(0, newline))) + (answer.statusCode() == 401
                    ? " (it requires credentials for its sandboxes; the shell has none to give)" : ""));
        }
        try {
            return JsonTree.parse(answer.body());
        } catch (JsonParseException e) {
            throw new IllegalStateException("Agent " + agentId + " answered /files/" + operation + " of '" + path
                    + "' with malformed JSON: " + e.getMessage());
        }
    }

    private static BigDecimal number(Object o) {
        return o instanceof BigDecimal b ? b : BigDecimal.ZERO;
    }
}
