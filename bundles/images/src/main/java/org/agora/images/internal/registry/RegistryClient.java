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
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageException.Reason;
import org.agora.images.internal.manifest.ImageConfigDocument;
import org.agora.images.internal.manifest.ImageManifest;
import org.agora.images.internal.manifest.ManifestIndex;
import org.agora.images.internal.manifest.ManifestParser;
import org.agora.images.internal.manifest.Platform;
import org.agora.images.internal.reference.Digests;
import org.agora.images.internal.reference.ImageReference;
import org.agora.images.internal.source.ImageSource;
import org.agora.images.internal.source.RegistryCredentials;
import org.agora.images.internal.source.ResolvedImage;

/**
 * Images from registries speaking the Docker Registry HTTP API v2, on the JDK's HTTP client: manifests (Docker v2
 * schema 2 and OCI, lists and indexes resolved to the agent's platform), configs and layer blobs, with Bearer-token
 * and Basic authentication as the registry's {@code WWW-Authenticate} challenge asks. A name without a registry
 * goes to the default registry (Mesos's {@code docker_registry}), a single name there gets {@code library/}. A
 * registry on a loopback address is spoken to in plain HTTP, as Docker does; every other over HTTPS. Manifests and
 * configs are checked against their digests here; layer blobs by the store while it extracts them.
 */
public final class RegistryClient implements ImageSource {
    static final int MAX_DOCUMENT = 4 << 20;

    private final HttpClient http;
    private final String defaultRegistry;
    private final RegistryCredentials configured;
    private final Platform platform;
    private final Duration timeout;
    /** Bearer tokens by registry URL and scope, shared by every pull from there. */
    private final Map<String, BearerToken> tokens = new ConcurrentHashMap<>();

    /**
     * @param defaultRegistry the URL for names without a registry ({@code https://registry-1.docker.io})
     * @param configured      credentials from the provisioner's configuration
     */
    public RegistryClient(String defaultRegistry, RegistryCredentials configured, Platform platform,
            Duration timeout) {
        this.defaultRegistry = defaultRegistry.endsWith("/")
                ? defaultRegistry.substring(0, defaultRegistry.length() - 1) : defaultRegistry;
        this.configured = configured;
        this.platform = platform;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String describe() {
        return defaultRegistry;
    }

    @Override
    public ResolvedImage resolve(ImageReference ref, RegistryCredentials credentials) {
        boolean onDefault = ref.registry().isEmpty();
        String base = ref.registryUrl().orElse(defaultRegistry);
        String repository = ref.repositoryOn(onDefault);
        String image = "image '" + ref + "'";
        RegistrySession session = new RegistrySession(http, timeout, base, repository, image,
                configured.with(credentials).forRegistry(URI.create(base).getAuthority()), tokens);

        RegistrySession.Document doc = session.manifest(ref.manifestReference());
        String digest = checked(doc, ref.digest(), base, image);
        Object parsed = ManifestParser.parse(doc.body(), doc.contentType(), "the manifest of " + image + " from "
                + base);
        if (parsed instanceof ManifestIndex index) {
            ManifestIndex.Entry entry = index.forPlatform(platform).orElseThrow(() -> new ImageException(
                    Reason.UNSUPPORTED, image + " from " + base + " has no manifest for " + platform + " (it has: "
                    + index.manifests().stream().map(e -> String.valueOf(e.platform()))
                            .collect(Collectors.joining(", ")) + ")"));
            doc = session.manifest(entry.descriptor().digest());
            digest = checked(doc, entry.descriptor().digest(), base, image);
            parsed = ManifestParser.parse(doc.body(), doc.contentType(), "the " + platform + " manifest of "
                    + image + " from " + base);
            if (!(parsed instanceof ImageManifest)) {
                throw new ImageException(Reason.INVALID_IMAGE, "the " + platform + " entry of " + image + " from "
                        + base + " is an index again, not an image manifest");
            }
        }
        ImageManifest manifest = (ImageManifest) parsed;
        byte[] config = session.blobBytes(manifest.config());
        if (!Digests.of(config).equals(manifest.config().digest())) {
            throw new ImageException(Reason.DIGEST_MISMATCH, "the config of " + image + " from " + base
                    + " does not match its digest " + manifest.config().digest());
        }
        ImageConfigDocument cfg = ImageConfigDocument.parse(config, "the config of " + image + " from " + base);
        String name = (onDefault ? URI.create(base).getAuthority() : ref.registry()) + "/" + repository
                + (ref.tag().isEmpty() ? "" : ":" + ref.tag()) + (ref.digest().isEmpty() ? "" : "@" + ref.digest());
        return new ResolvedImage(name, base, digest, manifest.layers(), cfg.diffIds(), cfg.runtime(),
                session::openBlob);
    }

    /** The document's digest; it must be {@code expected} when one was asked for by digest. */
    private static String checked(RegistrySession.Document doc, String expected, String base, String image) {
        String actual = Digests.of(doc.body());
        if (!expected.isEmpty() && !expected.equals(actual)) {
            throw new ImageException(Reason.DIGEST_MISMATCH, "the manifest " + expected + " of " + image + " from "
                    + base + " does not match its digest (it hashes to " + actual + ")");
        }
        return actual;
    }

    /** An I/O failure as the store reports it: the registry is unreachable. */
    static ImageException unreachable(String base, String image, IOException e) {
        return new ImageException(Reason.UNREACHABLE, "registry " + base + " is unreachable for " + image + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
}
