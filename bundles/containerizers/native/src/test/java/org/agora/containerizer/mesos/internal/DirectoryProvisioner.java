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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageProvisioner;
import org.agora.api.image.ImageRuntimeConfig;
import org.agora.api.image.ProvisionedImage;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.Image;

/**
 * Each container gets a copy of a tiny busybox rootfs; what it destroys is recorded. Keys are a container's id values
 * from the top down, joined by {@code +}, as agora-images names its directories; destroying a container destroys the
 * ids nested under it too (its image volumes), as the real provisioner does.
 */
final class DirectoryProvisioner implements ImageProvisioner {
    private final Path dir;
    private final Path busybox;
    /** Every provision asked for: key and image name. */
    final List<String> provisioned = new CopyOnWriteArrayList<>();
    /** Images whose provision fails with NOT_FOUND. */
    final Set<String> missingImages = ConcurrentHashMap.newKeySet();

    final List<String> destroyed = new CopyOnWriteArrayList<>();
    final Map<String, Path> rootfs = new ConcurrentHashMap<>();
    volatile ImageException failWith;
    /** The image's WorkingDir and User. */
    volatile String workingDir = "";
    volatile String user = "";
    /** A link the image has besides its usual files: name in its root, target. */
    volatile Map.Entry<String, String> extraLink;
    /** Whether the image's /tmp is a link to /var/tmp. */
    volatile boolean tmpLink;
    /** When set, provisions complete only once it does (a slow pull). */
    volatile CompletableFuture<Void> pull;

    DirectoryProvisioner(Path dir, Path busybox) {
        this.dir = dir;
        this.busybox = busybox;
    }

    static String key(ContainerID id) {
        return id.hasParent() ? key(id.getParent()) + "+" + id.getValue() : id.getValue();
    }

    @Override
    public CompletionStage<ProvisionedImage> provision(ContainerID containerId, Image image) {
        provisioned.add(key(containerId) + " " + image.getDocker().getName());
        if (missingImages.contains(image.getDocker().getName())) {
            return CompletableFuture.failedFuture(new ImageException(ImageException.Reason.NOT_FOUND, "image '"
                    + image.getDocker().getName() + "' not found in registry http://127.0.0.1:1"));
        }
        if (failWith != null) {
            return CompletableFuture.failedFuture(failWith);
        }
        try {
            Path root = Files.createDirectories(dir.resolve(key(containerId)));
            Files.createDirectories(root.resolve("bin"));
            Files.createDirectories(root.resolve("etc"));
            Files.copy(busybox, root.resolve("bin/busybox"));
            for (String applet : List.of("sh", "cat", "echo", "test", "ls", "id", "pwd", "touch", "mkdir",
                    "rm", "grep", "sleep")) {
                Files.createSymbolicLink(root.resolve("bin/" + applet), Path.of("busybox"));
            }
            Files.writeString(root.resolve("etc/marker"), "image-marker\n");
            Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n"
                    + "app:x:1234:2345::/home/app:/bin/sh\n");
            Files.writeString(root.resolve("etc/group"), "root:x:0:\nstaff:x:50:\n");
            if (extraLink != null) {
                Files.createSymbolicLink(root.resolve(extraLink.getKey()), Path.of(extraLink.getValue()));
            }
            if (tmpLink) {
                Files.createSymbolicLink(root.resolve("tmp"), Path.of("/var/tmp"));
            }
            rootfs.put(key(containerId), root);
            CompletableFuture<Void> slow = pull != null ? pull : CompletableFuture.completedFuture(null);
            return slow.thenApply(v -> new ProvisionedImage(containerId, root,
                    image.getDocker().getName(), "sha256:00", List.of(), new ImageRuntimeConfig(
                            List.of("PATH=/bin", "IMAGE_VAR=from-image", "SHARED=image"), List.of(), List.of(),
                            workingDir, user)));
        } catch (java.io.IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Boolean> destroy(ContainerID containerId) {
        String key = key(containerId);
        boolean any = false;
        for (String k : List.copyOf(rootfs.keySet())) {
            if ((k.equals(key) || k.startsWith(key + "+")) && rootfs.remove(k) != null) {
                destroyed.add(k);
                any = true;
            }
        }
        return CompletableFuture.completedFuture(any);
    }

    @Override
    public CompletionStage<Void> recover(Set<ContainerID> knownContainerIds) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> pruneImages(List<Image> excludedImages) {
        return CompletableFuture.completedFuture(null);
    }
}
