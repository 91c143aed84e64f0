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
package org.agora.services.internal.app;

import java.util.List;
import java.util.Optional;

/**
 * A MESOS container (Mesos's universal containerizer) as an app asks for it: an optional Docker image
 * ({@code "container": {"type": "MESOS", "docker": {"image": "alpine:3"}}}), its {@code volumes}, and the app's
 * {@code networks} (Marathon 1.5 keeps those beside the container; they become the container's
 * {@code network_infos}).
 *
 * @param image     the Docker image; empty for a container without one
 * @param forcePull whether the agent pulls the image even if it has it
 * @param volumes   {@code container.volumes}: host paths and secrets bound into the container
 * @param networks  the CNI networks of {@code networks} entries of mode {@code container}; empty: the host's network
 */
public record Container(Optional<String> image, boolean forcePull, List<Volume> volumes, List<String> networks) {

    public Container {
        volumes = List.copyOf(volumes);
        networks = List.copyOf(networks);
    }

    /** A container of only an image, as before volumes and networks. */
    public Container(Optional<String> image, boolean forcePull) {
        this(image, forcePull, List.of(), List.of());
    }

    /**
     * One of {@code container.volumes}: {@code {"containerPath", "hostPath", "mode"}} binds a host path,
     * {@code {"containerPath", "secret"}} a secret of the app's {@code secrets} (read-only, a file).
     *
     * @param containerPath where it appears: absolute in the image, relative in the sandbox
     * @param hostPath      the host path bound, for a host volume
     * @param secret        the id of the app's secret, for a secret volume
     * @param readOnly      {@code mode: RO}
     */
    public record Volume(String containerPath, Optional<String> hostPath, Optional<String> secret,
            boolean readOnly) {
    }
}
