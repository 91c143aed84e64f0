package org.agora.images.internal.manifest;

import java.util.List;
import java.util.Optional;

/** A Docker manifest list or OCI image index: one manifest per platform. */
public record ManifestIndex(String mediaType, List<Entry> manifests) {

    /** One entry; {@code platform} is null where the index gives none (an OCI layout's ref list). */
    public record Entry(Descriptor descriptor, Platform platform, String refName) {
    }

    public ManifestIndex {
        manifests = List.copyOf(manifests);
    }

    /** The first entry for {@code platform}, as Docker picks one; entries without a platform never match. */
    public Optional<Entry> forPlatform(Platform platform) {
        return manifests.stream().filter(e -> e.platform() != null && platform.runs(e.platform())).findFirst();
    }
}
