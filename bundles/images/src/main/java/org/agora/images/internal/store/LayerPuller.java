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
package org.agora.images.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageException.Reason;
import org.agora.images.internal.layer.LayerExtractor;
import org.agora.images.internal.layer.LayerRefusedException;
import org.agora.images.internal.layer.LayerStreams;
import org.agora.images.internal.manifest.Descriptor;
import org.agora.images.internal.reference.Digests;
import org.agora.images.internal.source.ResolvedImage;

/**
 * Fetches one layer blob and extracts it in one pass: the blob is hashed as it streams in (and its uncompressed
 * tar as it is unpacked, against the config's {@code diff_id}), extracted into a staging directory, and renamed
 * into {@code layers/} only when both digests match. Any failure removes the staging directory: nothing
 * half-extracted or unverified is ever kept. Blocking; runs on the store's I/O threads.
 */
final class LayerPuller {
    private LayerPuller() {
    }

    /**
     * @param diffId the layer's uncompressed digest from the config, or empty if unknown
     * @throws ImageException naming the layer digest, the image and its origin
     */
    static void pull(StoreLayout layout, ResolvedImage image, Descriptor layer, String diffId) {
        String what = "layer " + layer.digest() + " of image '" + image.name() + "' from " + image.origin();
        Path staging = null;
        try {
            if (layer.size() > 0 && Files.getFileStore(layout.store()).getUsableSpace() < layer.size()) {
                throw new ImageException(Reason.DISK_FULL, what + ": the store " + layout.store() + " has less "
                        + "free space than the layer's " + layer.size() + " bytes");
            }
            staging = layout.newStagingDir(Digests.hex(layer.digest()));
            Path tree = Files.createDirectory(staging.resolve("tree"));
            MessageDigest blobDigest = Digests.sha256();
            MessageDigest tarDigest = Digests.sha256();
            try (InputStream raw = new DigestInputStream(image.blobs().open(layer), blobDigest)) {
                try {
                    InputStream tar = new DigestInputStream(LayerStreams.decompressed(raw, layer.digest()),
                            tarDigest);
                    new LayerExtractor(tree, layer.digest()).extract(tar);
                    // padding after the end marker is part of the digest
                    tar.transferTo(OutputStream.nullOutputStream());
                    raw.transferTo(OutputStream.nullOutputStream());
                } catch (LayerRefusedException | IOException e) {
                    // content that does not match its digest is reported as that, whatever it broke
                    raw.transferTo(OutputStream.nullOutputStream());
                    checkDigest(blobDigest, layer.digest(), what);
                    throw e;
                }
            }
            checkDigest(blobDigest, layer.digest(), what);
            String tarActual = Digests.of(tarDigest);
            if (!diffId.isEmpty() && !diffId.equals(tarActual)) {
                throw new ImageException(Reason.DIGEST_MISMATCH, what + ": its uncompressed content hashes to "
                        + tarActual + ", not to the diff_id " + diffId + " its image config gives");
            }
            Files.move(tree, layout.layer(layer.digest()), StandardCopyOption.ATOMIC_MOVE);
        } catch (LayerRefusedException e) {
            throw new ImageException(Reason.INVALID_IMAGE, e.getMessage() + " (image '" + image.name() + "')");
        } catch (IOException e) {
            if (noSpace(e)) {
                throw new ImageException(Reason.DISK_FULL, what + ": the store " + layout.store()
                        + " ran out of space", e);
            }
            throw new ImageException(Reason.INTERNAL, what + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                try {
                    LayerExtractor.deleteRecursively(staging);
                } catch (IOException e) {
                    // left for the next recovery, which empties staging/
                }
            }
        }
    }

    private static void checkDigest(MessageDigest md, String expected, String what) {
        String actual = Digests.of(md);
        if (!actual.equals(expected)) {
            throw new ImageException(Reason.DIGEST_MISMATCH, what + " does not match its digest: the blob hashes to "
                    + actual + "; nothing of it was kept");
        }
    }

    static boolean noSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t instanceof FileSystemException f ? f.getReason() : t.getMessage();
            if (m != null && m.contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }
}
