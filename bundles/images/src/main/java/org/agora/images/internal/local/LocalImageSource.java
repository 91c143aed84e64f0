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
package org.agora.images.internal.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageException.Reason;
import org.agora.api.json.JsonParseException;
import org.agora.api.json.JsonTree;
import org.agora.images.internal.layer.TarEntry;
import org.agora.images.internal.layer.TarReader;
import org.agora.images.internal.manifest.Descriptor;
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
 * Images from a local directory, as Mesos's local registry mode: for {@code repository:tag} (any registry part of
 * the name is ignored) the first that exists of
 * <ol>
 * <li>{@code <dir>/<repository>:<tag>.tar}, a {@code docker save} archive (Mesos's naming);</li>
 * <li>{@code <dir>/<repository>.tar}, a {@code docker save} archive whose {@code RepoTags} has the name;</li>
 * <li>{@code <dir>/<repository>:<tag>/}, an OCI image layout (its only image, or the one tagged so);</li>
 * <li>{@code <dir>/<repository>/}, an OCI image layout with an image whose
 * {@code org.opencontainers.image.ref.name} is the tag (or a digest reference to one of its manifests).</li>
 * </ol>
 * Layers of an archive are found by its {@code manifest.json}; their digests are the config's {@code diff_ids}.
 */
public final class LocalImageSource implements ImageSource {
    private static final int MAX_DOCUMENT = 4 << 20;

    private final Path dir;
    private final Platform platform;

    public LocalImageSource(Path dir, Platform platform) {
        this.dir = dir;
        this.platform = platform;
    }

    @Override
    public String describe() {
        return dir.toString();
    }

    @Override
    public ResolvedImage resolve(ImageReference ref, RegistryCredentials credentials) {
        String name = ref.repository() + (ref.tag().isEmpty() ? "" : ":" + ref.tag());
        String image = "image '" + ref + "'";
        try {
            if (!ref.tag().isEmpty()) {
                Path exact = dir.resolve(ref.repository() + ":" + ref.tag() + ".tar");
                if (Files.isRegularFile(exact)) {
                    return new DockerArchive(exact, image).resolve(name, null);
                }
                Path repo = dir.resolve(ref.repository() + ".tar");
                if (Files.isRegularFile(repo)) {
                    return new DockerArchive(repo, image).resolve(name, ref.repository() + ":" + ref.tag());
                }
                Path layout = dir.resolve(ref.repository() + ":" + ref.tag());
                if (Files.isRegularFile(layout.resolve("index.json"))) {
                    return fromLayout(layout, null, ref, name, image);
                }
            }
            Path layout = dir.resolve(ref.repository());
            if (Files.isRegularFile(layout.resolve("index.json"), LinkOption.NOFOLLOW_LINKS)) {
                return fromLayout(layout, ref.digest().isEmpty() ? ref.tag() : null, ref, name, image);
            }
        } catch (IOException e) {
            throw new ImageException(Reason.INTERNAL, image + ": cannot read the local store " + dir + ": "
                    + e.getMessage(), e);
        }
        throw new ImageException(Reason.NOT_FOUND, image + " was not found in the local store " + dir
                + " (looked for " + ref.repository() + ":" + ref.tag() + ".tar, " + ref.repository() + ".tar and "
                + "OCI layouts " + ref.repository() + ":" + ref.tag() + "/ and " + ref.repository() + "/)");
    }

    private ResolvedImage fromLayout(Path layout, String tag, ImageReference ref, String name, String image)
            throws IOException {
        String where = image + " in the OCI layout " + layout;
        Object index = ManifestParser.parse(readLimited(layout.resolve("index.json")), "", "index.json of " + where);
        if (!(index instanceof ManifestIndex idx)) {
            throw new ImageException(Reason.INVALID_IMAGE, "index.json of " + where + " is not an image index");
        }
        ManifestIndex.Entry entry = pick(idx, tag, ref.digest(), where);
        byte[] bytes = blob(layout, entry.descriptor().digest(), where);
        Object parsed = ManifestParser.parse(bytes, entry.descriptor().mediaType(), "manifest of " + where);
        String manifestDigest = entry.descriptor().digest();
        if (parsed instanceof ManifestIndex nested) {
            ManifestIndex.Entry forUs = nested.forPlatform(platform).orElseThrow(() -> new ImageException(
                    Reason.UNSUPPORTED, where + " has no manifest for " + platform));
            manifestDigest = forUs.descriptor().digest();
            parsed = ManifestParser.parse(blob(layout, manifestDigest, where), forUs.descriptor().mediaType(),
                    "manifest of " + where);
        }
        if (!(parsed instanceof ImageManifest manifest)) {
            throw new ImageException(Reason.INVALID_IMAGE, where + ": nested indexes are not supported");
        }
        ImageConfigDocument cfg = ImageConfigDocument.parse(blob(layout, manifest.config().digest(), where),
                "config of " + where);
        return new ResolvedImage(name, layout.toString(), manifestDigest, manifest.layers(), cfg.diffIds(),
                cfg.runtime(), d -> Files.newInputStream(blobPath(layout, d.digest())));
    }

    private static ManifestIndex.Entry pick(ManifestIndex idx, String tag, String digest, String where) {
        if (!digest.isEmpty()) {
            return idx.manifests().stream().filter(e -> e.descriptor().digest().equals(digest)).findFirst()
                    .orElseThrow(() -> new ImageException(Reason.NOT_FOUND, where + " has no manifest " + digest));
        }
        if (tag != null) {
            Optional<ManifestIndex.Entry> tagged = idx.manifests().stream()
                    .filter(e -> e.refName().equals(tag)).findFirst();
            if (tagged.isPresent()) {
                return tagged.get();
            }
        }
        if (idx.manifests().size() == 1 && (tag == null || idx.manifests().get(0).refName().isEmpty())) {
            return idx.manifests().get(0);
        }
        throw new ImageException(Reason.NOT_FOUND, where + " has no image tagged '" + tag + "'");
    }

    /** A blob of a layout, verified (manifests and configs are small; layers are verified as they are read). */
    private static byte[] blob(Path layout, String digest, String where) throws IOException {
        byte[] b;
        try {
            b = readLimited(blobPath(layout, digest));
        } catch (NoSuchFileException e) {
            throw new ImageException(Reason.INVALID_IMAGE, where + " lacks blob " + digest);
        }
        if (!Digests.of(b).equals(digest)) {
            throw new ImageException(Reason.DIGEST_MISMATCH, where + ": blob " + digest + " does not match its "
                    + "digest");
        }
        return b;
    }

    private static Path blobPath(Path layout, String digest) {
        return layout.resolve("blobs").resolve("sha256").resolve(Digests.hex(digest));
    }

    private static byte[] readLimited(Path p) throws IOException {
        if (Files.size(p) > MAX_DOCUMENT) {
            throw new ImageException(Reason.INVALID_IMAGE, p + " is larger than " + MAX_DOCUMENT + " bytes");
        }
        return Files.readAllBytes(p);
    }

    /** A {@code docker save} archive: {@code manifest.json}, configs and uncompressed layer tars. */
    private record DockerArchive(Path file, String image) {

        ResolvedImage resolve(String name, String repoTag) throws IOException {
            String where = image + " in the docker-save archive " + file;
            byte[] manifestJson = entry("manifest.json", where);
            Object doc;
            try {
                doc = JsonTree.parse(new String(manifestJson, java.nio.charset.StandardCharsets.UTF_8));
            } catch (JsonParseException e) {
                throw new ImageException(Reason.INVALID_IMAGE, "manifest.json of " + where + " is not JSON: "
                        + e.getMessage());
            }
            if (!(doc instanceof List<?> images) || images.isEmpty()) {
                throw new ImageException(Reason.INVALID_IMAGE, "manifest.json of " + where + " lists no image");
            }
            Map<?, ?> chosen = null;
            for (Object o : images) {
                // an archive named for its image and tag holds that image first; otherwise the tag must match
                if (o instanceof Map<?, ?> m && (repoTag == null
                        || m.get("RepoTags") instanceof List<?> tags && repoTags(tags).contains(repoTag))) {
                    chosen = m;
                    break;
                }
            }
            if (chosen == null) {
                throw new ImageException(Reason.NOT_FOUND, where + " has no image tagged " + repoTag);
            }
            if (!(chosen.get("Config") instanceof String configName) || !(chosen.get("Layers") instanceof List<?> ls)) {
                throw new ImageException(Reason.INVALID_IMAGE, "manifest.json of " + where + " lacks Config or "
                        + "Layers");
            }
            byte[] config = entry(configName, where);
            ImageConfigDocument cfg = ImageConfigDocument.parse(config, "config of " + where);
            if (cfg.diffIds().size() != ls.size()) {
                throw new ImageException(Reason.INVALID_IMAGE, where + ": " + ls.size() + " layers but "
                        + cfg.diffIds().size() + " diff_ids in its config");
            }
            List<Descriptor> layers = new ArrayList<>();
            Map<String, String> locations = new java.util.HashMap<>();
            for (int i = 0; i < ls.size(); i++) {
                String digest = cfg.diffIds().get(i);
                layers.add(new Descriptor("application/vnd.docker.image.rootfs.diff.tar", digest, -1));
                locations.put(digest, String.valueOf(ls.get(i)));
            }
            return new ResolvedImage(name, file.toString(), Digests.of(config), layers, cfg.diffIds(),
                    cfg.runtime(), d -> open(locations.get(d.digest()), where));
        }

        private static List<String> repoTags(List<?> tags) {
            List<String> out = new ArrayList<>();
            for (Object t : tags) {
                String s = String.valueOf(t);
                out.add(s);
                if (s.startsWith("docker.io/library/")) {
                    out.add(s.substring("docker.io/library/".length()));
                }
            }
            return out;
        }

        private byte[] entry(String entryName, String where) throws IOException {
            try (InputStream in = open(entryName, where)) {
                byte[] b = in.readNBytes(MAX_DOCUMENT + 1);
                if (b.length > MAX_DOCUMENT) {
                    throw new ImageException(Reason.INVALID_IMAGE, entryName + " of " + where + " is too large");
                }
                return b;
            }
        }

        /** The entry's content, read from the archive as a stream (closing it closes the archive). */
        private InputStream open(String entryName, String where) throws IOException {
            String wanted = normalize(entryName);
            InputStream in = Files.newInputStream(file);
            try {
                TarReader tar = new TarReader(in);
                TarEntry e;
                while ((e = tar.next()) != null) {
                    if (e.isRegularFile() && normalize(e.name()).equals(wanted)) {
                        InputStream content = tar.content();
                        return new java.io.FilterInputStream(content) {
                            @Override
                            public void close() throws IOException {
                                in.close();
                            }
                        };
                    }
                }
            } catch (IOException | RuntimeException ex) {
                in.close();
                throw ex;
            }
            in.close();
            throw new ImageException(Reason.INVALID_IMAGE, where + " has no entry '" + entryName + "'");
        }

        private static String normalize(String n) {
            String s = n;
            while (s.startsWith("./")) {
                s = s.substring(2);
            }
            return s;
        }
    }
}
