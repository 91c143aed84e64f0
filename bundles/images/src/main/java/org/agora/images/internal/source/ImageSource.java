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
