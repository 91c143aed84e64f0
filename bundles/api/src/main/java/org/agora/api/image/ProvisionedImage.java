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
