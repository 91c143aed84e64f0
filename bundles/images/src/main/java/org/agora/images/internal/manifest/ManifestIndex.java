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
