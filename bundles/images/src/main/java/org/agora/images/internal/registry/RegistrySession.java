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
package org.agora.images.internal.registry;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageException.Reason;
import org.agora.api.json.JsonParseException;
import org.agora.api.json.JsonTree;
import org.agora.images.internal.manifest.Descriptor;
import org.agora.images.internal.manifest.MediaTypes;
import org.agora.images.internal.source.RegistryCredentials;

/**
 * The requests of one image's pull from one registry repository: each request that gets a 401 is answered once
 * through the challenge it carries (a Bearer token from the realm, or Basic credentials) and sent again; redirects
 * (blob storage elsewhere) are followed by hand so that the registry's credentials never travel to another host.
 * Thread-safe: tokens go to a map shared with other sessions.
 */
final class RegistrySession {
    private static final int MAX_REDIRECTS = 5;

    record Document(byte[] body, String contentType) {
    }

    private final HttpClient http;
    private final Duration timeout;
    private final String base;
    private final String repository;
    private final String image;
    private final Optional<RegistryCredentials.Basic> credentials;
    private final Map<String, BearerToken> tokens;
    private volatile String basicChallenged; // set once the registry asked for Basic

    RegistrySession(HttpClient http, Duration timeout, String base, String repository, String image,
            Optional<RegistryCredentials.Basic> credentials, Map<String, BearerToken> tokens) {
        this.http = http;
        this.timeout = timeout;
        this.base = base;
        this.repository = repository;
        this.image = image;
        this.credentials = credentials;
        this.tokens = tokens;
    }

    Document manifest(String reference) {
        HttpResponse<InputStream> r = get("/v2/" + repository + "/manifests/" + reference, MediaTypes.ACCEPT);
        if (r.statusCode() == 404) {
            close(r);
            throw new ImageException(Reason.NOT_FOUND, image + " was not found in registry " + base
                    + " (no manifest " + repository + ":" + reference + ")");
        }
        expectOk(r, "the manifest " + reference);
        return new Document(read(r, "the manifest " + reference), r.headers().firstValue("Content-Type").orElse(""));
    }

    byte[] blobBytes(Descriptor d) {
        HttpResponse<InputStream> r = blob(d);
        return read(r, "blob " + d.digest());
    }

    /** The blob's body, unverified (the caller hashes what it reads). */
    InputStream openBlob(Descriptor d) {
        return blob(d).body();
    }

    private HttpResponse<InputStream> blob(Descriptor d) {
        HttpResponse<InputStream> r = get("/v2/" + repository + "/blobs/" + d.digest(), "*/*");
        if (r.statusCode() == 404) {
            close(r);
            throw new ImageException(Reason.NOT_FOUND, "blob " + d.digest() + " of " + image + " was not found in "
                    + "registry " + base);
        }
        expectOk(r, "blob " + d.digest());
        return r;
    }

    private HttpResponse<InputStream> get(String path, String accept) {
        URI uri = URI.create(base + path);
        String scope = "repository:" + repository + ":pull";
        String authorization = currentAuthorization(scope);
        HttpResponse<InputStream> r = send(uri, accept, authorization);
        if (r.statusCode() != 401) {
            return r;
        }
        List<AuthChallenge> challenges = AuthChallenge.parse(String.join(", ",
                r.headers().allValues("WWW-Authenticate")));
        close(r);
        boolean hadAuthorization = authorization != null;
        authorization = answer(challenges, scope);
        r = send(uri, accept, authorization);
        if (r.statusCode() == 401) {
            close(r);
            throw new ImageException(Reason.UNAUTHORIZED, "registry " + base + " refused "
                    + (credentials.isPresent() || hadAuthorization ? "the credentials" : "access without credentials")
                    + " for " + image + credentialHint());
        }
        return r;
    }

    private String currentAuthorization(String scope) {
        BearerToken t = tokens.get(base + " " + scope);
        if (t != null && t.valid()) {
            return "Bearer " + t.token();
        }
        return basicChallenged != null ? basicChallenged : null;
    }

    /** The Authorization header that answers the registry's challenge. */
    private String answer(List<AuthChallenge> challenges, String scope) {
        for (AuthChallenge c : challenges) {
            if (c.scheme().equals("bearer") && c.params().containsKey("realm")) {
                String token = fetchToken(c, scope);
                return "Bearer " + token;
            }
        }
        for (AuthChallenge c : challenges) {
            if (c.scheme().equals("basic")) {
                RegistryCredentials.Basic b = credentials.orElseThrow(() -> new ImageException(Reason.UNAUTHORIZED,
                        "registry " + base + " asks for credentials for " + image + credentialHint()));
                basicChallenged = b.header();
                return basicChallenged;
            }
        }
        throw new ImageException(Reason.UNAUTHORIZED, "registry " + base + " answered 401 for " + image
                + " without a Bearer or Basic challenge");
    }

    private String fetchToken(AuthChallenge c, String defaultScope) {
        String realm = c.params().get("realm");
        StringBuilder q = new StringBuilder();
        if (c.params().containsKey("service")) {
            q.append("service=").append(URLEncoder.encode(c.params().get("service"), StandardCharsets.UTF_8));
        }
        String scope = c.params().getOrDefault("scope", defaultScope);
        q.append(q.length() > 0 ? "&" : "").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        URI uri;
        try {
            uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + q);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?")) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            throw new ImageException(Reason.UNAUTHORIZED, "registry " + base + " gave a token realm '" + realm
                    + "' that is not an HTTP URL, for " + image);
        }
        HttpResponse<InputStream> r = send(uri, "application/json",
                credentials.map(RegistryCredentials.Basic::header).orElse(null));
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            close(r);
            throw new ImageException(Reason.UNAUTHORIZED, "the token service " + realm + " of registry " + base
                    + " refused " + (credentials.isPresent() ? "the credentials" : "an anonymous token") + " for "
                    + image + credentialHint());
        }
        if (r.statusCode() != 200) {
            close(r);
            throw new ImageException(Reason.UNREACHABLE, "the token service " + realm + " of registry " + base
                    + " answered HTTP " + r.statusCode() + " for " + image);
        }
        byte[] body = read(r, "a token from " + realm);
        Object doc;
        try {
            doc = JsonTree.parse(new String(body, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new ImageException(Reason.UNAUTHORIZED, "the token service " + realm + " answered something "
                    + "that is not JSON for " + image);
        }
        Object token = doc instanceof Map<?, ?> m ? (m.get("token") != null ? m.get("token") : m.get("access_token"))
                : null;
        if (!(token instanceof String t) || t.isEmpty()) {
            throw new ImageException(Reason.UNAUTHORIZED, "the token service " + realm + " gave no token for "
                    + image);
        }
        long seconds = doc instanceof Map<?, ?> m && m.get("expires_in") instanceof BigDecimal n ? n.longValue() : 60;
        // used until 10 s before it expires (at least 5 s), so a token never runs out between check and use
        long life = Math.max(5, seconds - 10);
        tokens.put(base + " " + scope, new BearerToken(t, System.nanoTime() + Duration.ofSeconds(life).toNanos()));
        return t;
    }

    /** Sends a GET, following redirects; Authorization goes only to the URL's own host. */
    private HttpResponse<InputStream> send(URI first, String accept, String authorization) {
        URI uri = first;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", accept).GET();
            if (authorization != null && sameOrigin(uri, first)) {
                b.header("Authorization", authorization);
            }
            HttpResponse<InputStream> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw RegistryClient.unreachable(base, image, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImageException(Reason.INTERNAL, "pull of " + image + " from " + base + " interrupted");
            }
            int s = r.statusCode();
            if (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) {
                Optional<String> location = r.headers().firstValue("Location");
                close(r);
                if (location.isEmpty() || hop >= MAX_REDIRECTS) {
                    throw new ImageException(Reason.UNREACHABLE, "registry " + base + " redirected " + image
                            + (location.isEmpty() ? " without a Location" : " more than " + MAX_REDIRECTS + " times"));
                }
                uri = uri.resolve(location.get());
                continue;
            }
            return r;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && String.valueOf(a.getAuthority())
                .equalsIgnoreCase(String.valueOf(b.getAuthority()));
    }

    private void expectOk(HttpResponse<InputStream> r, String what) {
        if (r.statusCode() == 200) {
            return;
        }
        close(r);
        Reason reason = r.statusCode() >= 500 ? Reason.UNREACHABLE
                : r.statusCode() == 403 ? Reason.UNAUTHORIZED : Reason.INTERNAL;
        throw new ImageException(reason, "registry " + base + " answered HTTP " + r.statusCode() + " for " + what
                + " of " + image);
    }

    private byte[] read(HttpResponse<InputStream> r, String what) {
        try (InputStream in = r.body()) {
            byte[] body = in.readNBytes(RegistryClient.MAX_DOCUMENT + 1);
            if (body.length > RegistryClient.MAX_DOCUMENT) {
                throw new ImageException(Reason.INVALID_IMAGE, what + " of " + image + " from " + base
                        + " is larger than " + RegistryClient.MAX_DOCUMENT + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw RegistryClient.unreachable(base, image, e);
        }
    }

    private String credentialHint() {
        return credentials.isPresent() ? "" : " (no credentials are configured for " + URI.create(base).getAuthority()
                + ")";
    }

    private static void close(HttpResponse<InputStream> r) {
        try {
            r.body().close();
        } catch (IOException e) {
            // the connection is dropped either way
        }
    }
}
