package org.agora.images.internal.source;

import org.agora.images.internal.reference.ImageReference;

/**
 * Where images come from: a Docker registry or a local directory. Calls block on I/O; the store makes them on its
 * I/O threads. Implementations are thread-safe.
 */
public interface ImageSource {

    /**
     * Finds the image's manifest for the agent's platform and reads its configuration.
     *
     * @param credentials registry credentials from the request ({@code Image.Docker.config}), or
     *                    {@link RegistryCredentials#NONE}
     * @throws org.agora.api.image.ImageException naming the image and the registry URL or store path
     */
    ResolvedImage resolve(ImageReference reference, RegistryCredentials credentials);

    /** Where this source is, for messages: a registry URL or a directory. */
    String describe();
}
