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
package org.agora.images.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import com.google.protobuf.ByteString;
import org.agora.api.image.ImageException;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.Image;
import org.agora.api.v1.Protos.Secret;
import org.agora.images.internal.backend.MountTable;
import org.agora.images.internal.backend.OverlayBackend;
import org.junit.jupiter.api.Assumptions;

/** Provisioners on temporary directories for tests, closed and unmounted afterwards. */
final class ProvisionerFixture implements AutoCloseable {
    final Path dir;
    private final List<DockerImageProvisioner> opened = new ArrayList<>();

    ProvisionerFixture(Path dir) {
        this.dir = dir;
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** A provisioner; a test of the overlay backend is skipped (saying why) only where the kernel lacks overlayfs. */
    DockerImageProvisioner open(String registry, String backend, Map<String, Object> extra) {
        Assumptions.assumeTrue(!backend.equals("overlay") || OverlayBackend.available(),
                "the kernel has no overlayfs (/proc/filesystems)");
        Map<String, Object> props = new HashMap<>();
        props.put("docker.registry", registry);
        props.put("store.dir", dir.resolve("store").toString());
        props.put("provisioner.dir", dir.resolve("provisioner").toString());
        props.put("backend", backend);
        props.put("gc.interval.ms", "0");
        props.putAll(extra);
        DockerImageProvisioner p = new DockerImageProvisioner(props);
        opened.add(p);
        return p;
    }

    static ContainerID cid(String value) {
        return ContainerID.newBuilder().setValue(value).build();
    }

    static Image docker(String name) {
        return Image.newBuilder().setType(Image.Type.DOCKER).setDocker(Image.Docker.newBuilder().setName(name)).build();
    }

    static Image uncached(String name) {
        return docker(name).toBuilder().setCached(false).build();
    }

    static Image withConfig(String name, String registryHost, String user, String password) {
        String auth = java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        String config = "{\"auths\":{\"" + registryHost + "\":{\"auth\":\"" + auth + "\"}}}";
        return Image.newBuilder().setType(Image.Type.DOCKER).setDocker(Image.Docker.newBuilder().setName(name)
                .setConfig(Secret.newBuilder().setType(Secret.Type.VALUE).setValue(Secret.Value.newBuilder()
                        .setData(ByteString.copyFromUtf8(config))))).build();
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within 120 s", e);
        }
    }

    /** The failure of a stage that must fail. */
    static ImageException failure(CompletionStage<?> stage) throws Exception {
        try {
            await(stage);
        } catch (ImageException e) {
            return e;
        }
        throw new AssertionError("expected the stage to fail with an ImageException");
    }

    @Override
    public void close() throws Exception {
        for (DockerImageProvisioner p : opened) {
            p.deactivate();
        }
        MountTable.unmountAll(dir);
    }
}
