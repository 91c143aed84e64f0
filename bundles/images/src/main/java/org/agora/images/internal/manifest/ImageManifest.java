package org.agora.images.internal.manifest;

import java.util.List;

/**
 * One image's manifest (Docker v2 schema 2 or OCI): its configuration blob and its layers, lowest first.
 *
 * @param mediaType the manifest's media type
 */
public record ImageManifest(String mediaType, Descriptor config, List<Descriptor> layers) {
    public ImageManifest {
        layers = List.copyOf(layers);
    }
}
