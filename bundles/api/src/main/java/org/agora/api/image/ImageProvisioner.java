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

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.Image;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Provisions root file systems for containers from images, as Mesos's provisioner does: the image's layers are
 * fetched once into a store shared by all containers (verified by digest, reference-counted, garbage collected when
 * no container uses them), and each container gets its own rootfs assembled from them by a backend (an overlay
 * mount, or a copy).
 *
 * <p><b>Threading.</b> Every method may be called from any thread, concurrently, for the same or different
 * containers; none blocks on I/O: the work is done on the provisioner's own threads and the returned stage
 * completes there (callers that must continue on a thread of their own hop with {@code *Async}). Concurrent
 * provisions of one image, or of images sharing layers, fetch each manifest and layer once.
 *
 * <p><b>Errors.</b> A failed stage holds an {@link ImageException} whose {@link ImageException#reason()} says what
 * went wrong and whose message names the image, the registry URL or the layer digest: an unknown image, an
 * unreachable registry, a refused credential, a blob whose digest does not match, a layer with absolute or
 * {@code ..} paths, device nodes or links that leave it, a full disk. A failure leaves nothing half-written in the
 * store and no rootfs behind for the container.
 *
 * <p><b>State.</b> Everything a provisioner knows is on disk (the store and one directory per container), so the
 * same {@link #recover} path serves an agent restart and an upgrade of the provisioner's bundle.
 */
@ConsumerType
public interface ImageProvisioner {

    /**
     * Provisions a rootfs for {@code containerId} from {@code image} (type {@code DOCKER}: {@code docker.name} is the
     * image reference, {@code docker.config} optional registry credentials in Docker's {@code config.json} form,
     * {@code cached = false} fetches the image's manifest again even when the store has the image).
     *
     * <p>Idempotent for one container and one image: a second call returns the rootfs already provisioned (or
     * joins the provision in flight). A second call for the same container with a different image fails with
     * {@link ImageException.Reason#INVALID_REQUEST}. A container that needs several images (its own and those of its
     * image volumes, Mesos's {@code volume/image}) provisions each further one under an id nested under its own
     * ({@code ContainerID.parent} set to the container's id), which {@link #destroy} and {@link #recover} treat as
     * part of it.
     *
     * @return completes with the rootfs once it is ready to be used as the container's root, or fails with an
     *     {@link ImageException}
     */
    CompletionStage<ProvisionedImage> provision(ContainerID containerId, Image image);

    /**
     * Removes the container's rootfs (unmounting it first) and drops its references to layers, which the image GC
     * may then remove, together with the rootfs of every id nested under {@code containerId}. Waits for a provision of
     * the container still in flight. Idempotent: a container the provisioner does not know completes with
     * {@code false}.
     *
     * @return {@code true} if a rootfs (or its remains) was removed
     */
    CompletionStage<Boolean> destroy(ContainerID containerId);

    /**
     * Adopts the rootfs of the containers in {@code knownContainerIds} after a restart (their layers stay
     * referenced, their mounts in place), and of the ids nested under them, and destroys every other rootfs the
     * provisioner finds on disk or in the mount table, together with anything a crash left half-written in the
     * store. Called once after a restart,
     * normally before any {@link #provision}; until it is called, every rootfs found on disk counts as in use (its
     * layers are kept), so a caller that never calls it loses disk space, not containers.
     */
    CompletionStage<Void> recover(Set<ContainerID> knownContainerIds);

    /**
     * Removes every image and layer no container uses, except those of {@code excludedImages} (Mesos's
     * {@code PRUNE_IMAGES}). The automatic image GC, where configured, does the same when the store's disk runs
     * short or images age.
     */
    CompletionStage<Void> pruneImages(List<Image> excludedImages);
}
