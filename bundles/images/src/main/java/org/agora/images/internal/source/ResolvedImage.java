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
