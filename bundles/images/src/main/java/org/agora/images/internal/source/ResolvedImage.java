package org.agora.images.internal.source;

import java.util.List;
import org.agora.api.image.ImageRuntimeConfig;
import org.agora.images.internal.manifest.Descriptor;

/**
 * An image as its source describes it, ready for its layers to be fetched.
 *
 * @param name           the canonical name ({@code registry/repository:tag} or {@code repository:tag} locally)
 * @param origin         the registry URL or the local file it came from, for messages
 * @param manifestDigest the manifest's digest (for a docker-save archive: its config's digest, the image id)
 * @param layers         lowest first; each digest is what the blob must hash to
 * @param diffIds        the layers' uncompressed digests from the config, same order; may be empty
 * @param runtime        how to run the image
 * @param blobs          opens the layers' blobs
 */
public record ResolvedImage(String name, String origin, String manifestDigest, List<Descriptor> layers,
        List<String> diffIds, ImageRuntimeConfig runtime, BlobOpener blobs) {
    public ResolvedImage {
        layers = List.copyOf(layers);
        diffIds = List.copyOf(diffIds);
    }
}
