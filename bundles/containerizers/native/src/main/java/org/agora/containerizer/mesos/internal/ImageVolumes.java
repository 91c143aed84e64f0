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
package org.agora.containerizer.mesos.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.agora.api.containerizer.ContainerizerException;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageProvisioner;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.Image;
import org.agora.api.v1.Protos.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's image volumes (Mesos's {@code volume/image}): {@code Volume.image} set, its rootfs provisioned through
 * the same {@link ImageProvisioner} as a container's own image (layers pulled once, shared, pinned while in use) and
 * bound read-only at {@code container_path} by {@link ContainerVolumes}. Each volume's rootfs is provisioned under an
 * id nested under the container's ({@link #volumeId}), which the provisioner destroys and recovers with the
 * container's own. Only {@code mode: RO} is accepted, and the bind is read-only: an image volume is an image's
 * content, as the task received it (a RW one is refused before anything is pulled).
 */
final class ImageVolumes {
    private static final Logger LOG = LoggerFactory.getLogger(ImageVolumes.class);

    private ImageVolumes() {
    }

    /**
     * The image volumes among {@code volumes}, by their index.
     *
     * @throws ContainerizerException naming the first volume refused: a read-write one, or one whose image names no
     *     Docker image, or that also names another source
     */
    static Map<Integer, Volume> of(String containerId, List<Volume> volumes) {
        Map<Integer, Volume> out = new LinkedHashMap<>();
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            if (!v.hasImage()) {
                continue;
            }
            String why = null;
            if (v.hasSource() || v.hasHostPath()) {
                why = "it names an image and also a " + (v.hasSource() ? "source" : "host_path");
            } else if (v.getMode() != Volume.Mode.RO) {
                why = "image volumes are read-only: mode must be RO (image '" + name(v.getImage()) + "')";
            } else if (v.getImage().getType() != Image.Type.DOCKER || v.getImage().getDocker().getName().isEmpty()) {
                why = "its image is of type " + v.getImage().getType() + (v.getImage().getType() == Image.Type.DOCKER
                        ? " with no docker.name" : "; only DOCKER images are supported");
            }
            if (why != null) {
                throw new ContainerizerException("Container " + containerId + " not launched: volume '"
                        + v.getContainerPath() + "' refused: " + why);
            }
            out.put(i, v);
        }
        return out;
    }

    /** The id the rootfs of the volume at {@code index} is provisioned under: nested under the container's. */
    static ContainerID volumeId(ContainerID container, int index) {
        return ContainerID.newBuilder().setValue("volume-" + index).setParent(container).build();
    }

    /**
     * Provisions every image volume's rootfs, concurrently.
     *
     * @return completes with each volume's rootfs by its index, or fails with a {@link ContainerizerException} naming
     *     the volume and its image (and, through the provisioner's message, the registry or layer), once every
     *     provision has ended
     */
    static CompletableFuture<Map<Integer, Path>> provision(ImageProvisioner p, ContainerID container,
            Map<Integer, Volume> volumes) {
        List<CompletableFuture<Map.Entry<Integer, Path>>> each = new ArrayList<>();
        volumes.forEach((index, v) -> {
            CompletableFuture<Map.Entry<Integer, Path>> one;
            try {
                one = p.provision(volumeId(container, index), v.getImage()).toCompletableFuture()
                        .thenApply(image -> Map.entry(index, image.rootfs()));
            } catch (RuntimeException e) {
                one = CompletableFuture.failedFuture(e);
            }
            each.add(one.handle((entry, e) -> {
                if (e == null) {
                    return entry;
                }
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                LOG.warn("Container {}: the image '{}' of volume '{}' could not be provisioned: {}",
                        container.getValue(), name(v.getImage()), v.getContainerPath(), cause.getMessage());
                throw new ContainerizerException("Container " + container.getValue() + " not launched: volume '"
                        + v.getContainerPath() + "' refused: its image '" + name(v.getImage()) + "' cannot be "
                        + "provisioned: " + (cause instanceof ImageException ? cause.getMessage() : cause.toString()),
                        cause);
            }));
        });
        // wait for all: a failed one must not leave the others' provisions running unseen when the caller destroys
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).handle((v, e) -> {
            Map<Integer, Path> out = new LinkedHashMap<>();
            for (CompletableFuture<Map.Entry<Integer, Path>> f : each) {
                if (f.isCompletedExceptionally()) {
                    f.join(); // throws the first failure, in the volumes' order
                }
                out.put(f.join().getKey(), f.join().getValue());
            }
            return out;
        });
    }

    static String name(Image image) {
        return image.hasDocker() ? image.getDocker().getName() : image.getType().name();
    }
}
