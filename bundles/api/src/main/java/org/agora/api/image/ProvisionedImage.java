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
package org.agora.api.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.agora.api.v1.Protos.ContainerID;

/**
 * A container's provisioned root file system.
 *
 * @param containerId    the container it belongs to
 * @param rootfs         the directory to use as the container's root: an overlay mount point or a private copy,
 *                       writable by the container and removed by {@link ImageProvisioner#destroy}
 * @param imageReference the image as the provisioner resolved it ({@code registry/repository:tag}), for logs
 * @param manifestDigest the digest of the image manifest the rootfs was built from ({@code sha256:...})
 * @param layers         the layers' digests, lowest first
 * @param config         what the image says about how to run it
 */
public record ProvisionedImage(ContainerID containerId, Path rootfs, String imageReference, String manifestDigest,
        List<String> layers, ImageRuntimeConfig config) {

    public ProvisionedImage {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(imageReference, "imageReference");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        layers = List.copyOf(layers);
        Objects.requireNonNull(config, "config");
    }
}
