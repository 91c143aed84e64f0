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
package org.agora.images.internal.source;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageException.Reason;
import org.agora.api.json.JsonParseException;
import org.agora.api.json.JsonTree;

/**
 * Registry credentials in Docker's {@code config.json} form ({@code {"auths": {"<registry>": {"auth":
 * base64(user:password)}}}}, or {@code username}/{@code password}), as Mesos's {@code --docker_config} and
 * {@code Image.Docker.config} carry them. Keys are matched by host and port, whatever scheme or path they are
 * written with; Docker Hub's names ({@code index.docker.io}, {@code docker.io}, {@code registry-1.docker.io}) are
 * one. Immutable. Its {@code toString} shows no secret.
 */
public final class RegistryCredentials {
    public static final RegistryCredentials NONE = new RegistryCredentials(Map.of());

    /** A user name and password. */
    public record Basic(String user, String password) {
        public String header() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Basic[" + user + "]";
        }
    }

    private final Map<String, Basic> byHost;

    private RegistryCredentials(Map<String, Basic> byHost) {
        this.byHost = Map.copyOf(byHost);
    }

    /**
     * @param what names the document in errors ({@code "Image.Docker.config of image 'x'"}), never its content
     * @throws ImageException INVALID_REQUEST naming {@code what} and the problem
     */
    public static RegistryCredentials parse(String json, String what) {
        Object doc;
        try {
            doc = JsonTree.parse(json);
        } catch (JsonParseException e) {
            throw new ImageException(Reason.INVALID_REQUEST, what + " is not JSON (" + e.getMessage().replaceAll(
                    "\"[^\"]*\"", "\"...\"") + ")");
        }
        if (!(doc instanceof Map<?, ?> top)) {
            throw new ImageException(Reason.INVALID_REQUEST, what + " is not a JSON object");
        }
        Object auths = top.containsKey("auths") ? top.get("auths") : top; // the old .dockercfg had no "auths"
        if (!(auths instanceof Map<?, ?> entries)) {
            throw new ImageException(Reason.INVALID_REQUEST, what + ": 'auths' is not an object");
        }
        Map<String, Basic> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> entry)) {
                continue;
            }
            String host = hostOf(String.valueOf(e.getKey()));
            if (entry.get("auth") instanceof String auth && !auth.isEmpty()) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException ex) {
                    throw new ImageException(Reason.INVALID_REQUEST, what + ": the 'auth' of " + host
                            + " is not base64");
                }
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw new ImageException(Reason.INVALID_REQUEST, what + ": the 'auth' of " + host
                            + " is not user:password");
                }
                out.put(host, new Basic(decoded.substring(0, colon), decoded.substring(colon + 1)));
            } else if (entry.get("username") instanceof String user && entry.get("password") instanceof String pw) {
                out.put(host, new Basic(user, pw));
            }
        }
        return new RegistryCredentials(out);
    }

    /** Credentials for a registry given as a URL or {@code host[:port]}. */
    public Optional<Basic> forRegistry(String registry) {
        return Optional.ofNullable(byHost.get(hostOf(registry)));
    }

    /** These, with {@code overrides}' entries in their place where both name a registry. */
    public RegistryCredentials with(RegistryCredentials overrides) {
        if (overrides.byHost.isEmpty()) {
            return this;
        }
        Map<String, Basic> merged = new LinkedHashMap<>(byHost);
        merged.putAll(overrides.byHost);
        return new RegistryCredentials(merged);
    }

    static String hostOf(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        int scheme = k.indexOf("://");
        if (scheme >= 0) {
            k = k.substring(scheme + 3);
        }
        int slash = k.indexOf('/');
        if (slash >= 0) {
            k = k.substring(0, slash);
        }
        return switch (k) {
            case "index.docker.io", "docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
            default -> k;
        };
    }

    @Override
    public String toString() {
        return "RegistryCredentials" + byHost.keySet();
    }
}
