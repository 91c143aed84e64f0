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
package org.agora.webui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.agora.http.HttpException;
import org.agora.http.HttpHandler;
import org.agora.http.Request;
import org.agora.http.Response;

/**
 * Serves the web UI: {@code GET /} is {@code index.html}, {@code GET /ui/<name>} one of its assets. Names are one path
 * segment of lower-case letters, digits and dashes with a known extension, so no request reaches a file outside the
 * UI's own (no {@code ..}, no {@code /}, no other resource of the bundle); anything else, and a name the bundle lacks,
 * is a 404. Every answer carries an {@code ETag} and {@code Cache-Control: no-cache}: browsers keep the files but ask
 * again each time, and get a {@code 304} while the bundle is unchanged, so an upgraded bundle is never hidden behind
 * a stale cache. The HTML page forbids scripts, styles and connections from anywhere but its own origin (CSP).
 */
public final class WebUiFiles implements HttpHandler {
    /** The URL prefix of the assets. */
    public static final String ASSETS = "/ui/";

    private static final String ROOT = "/webui/";
    private static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|js|css|svg|png)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png");
    private static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private record File(String contentType, byte[] body, String etag) {
    }

    private final Map<String, File> files = new ConcurrentHashMap<>();

    /** @throws IllegalStateException when the bundle lacks its {@code index.html} (a broken build) */
    public WebUiFiles() {
        if (load("index.html").isEmpty()) {
            throw new IllegalStateException("The web UI bundle has no " + ROOT + "index.html");
        }
    }

    @Override
    public CompletionStage<Response> handle(Request request) {
        try {
            return CompletableFuture.completedFuture(serve(request));
        } catch (HttpException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Response serve(Request request) {
        String path = request.path();
        String name;
        if (path.equals("/")) {
            name = "index.html";
        } else if (path.startsWith(ASSETS)) {
            name = path.substring(ASSETS.length());
        } else {
            throw HttpException.notFound("No such page: " + path);
        }
        File file = (ASSET.matcher(name).matches() ? load(name) : Optional.<File>empty())
                .orElseThrow(() -> HttpException.notFound("No such file in the web UI: " + path));
        boolean fresh = request.header("If-None-Match").map(tags -> matches(tags, file.etag())).orElse(false);
        Response r = fresh ? Response.of(304, null, new byte[0]) : Response.ok(file.contentType(), file.body());
        r.header("ETag", file.etag()).header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff");
        if (name.endsWith(".html")) {
            r.header("Content-Security-Policy", CSP).header("Referrer-Policy", "no-referrer");
        }
        return r;
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /** The file from this bundle, read once; misses are not remembered (the names asked for are the client's). */
    private Optional<File> load(String name) {
        File cached = files.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = WebUiFiles.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readAllBytes();
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            File f = new File(type, body, etag(body));
            files.put(name, f);
            return Optional.of(f);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ROOT + name + " from the web UI bundle", e);
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
