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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.agora.api.config.TypedConfig;
import org.agora.api.image.ImageProvisioner;
import org.agora.api.image.ProvisionedImage;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.Image;
import org.agora.images.internal.backend.CopyBackend;
import org.agora.images.internal.backend.OverlayBackend;
import org.agora.images.internal.backend.RootfsBackend;
import org.agora.images.internal.local.LocalImageSource;
import org.agora.images.internal.manifest.Platform;
import org.agora.images.internal.registry.RegistryClient;
import org.agora.images.internal.source.ImageSource;
import org.agora.images.internal.source.RegistryCredentials;
import org.agora.images.internal.store.GcPolicy;
import org.agora.images.internal.store.ProvisionerCore;
import org.agora.images.internal.store.StoreLayout;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code docker} image provisioner: Docker and OCI images from a registry or a local store (see
 * {@link ImagesConfig}). Activation only checks the options and starts the store's threads; the store is read from
 * disk on its own thread, and calls wait behind that.
 */
@Component(service = ImageProvisioner.class, configurationPid = DockerImageProvisioner.PID,
        property = "provisioner.name=docker")
@Designate(ocd = ImagesConfig.class)
public final class DockerImageProvisioner implements ImageProvisioner {
    static final String PID = "org.agora.images";

    private final ProvisionerCore core;

    @Activate
    public DockerImageProvisioner(Map<String, Object> properties) {
        this(TypedConfig.read(ImagesConfig.class, PID, properties));
    }

    /**
     * Not public: Felix SCR takes any public one-argument constructor for constructor injection, and given this one
     * it built the configuration itself, with null for every option the configuration lacks (the component failed
     * to start with a NullPointerException on store.dir until etc/org.agora.images.cfg had been read).
     *
     * @throws IllegalArgumentException naming the option that is wrong
     */
    DockerImageProvisioner(ImagesConfig c) {
        Path data = Path.of(System.getProperty("karaf.data", "data"), "images");
        StoreLayout layout = new StoreLayout(dir(c.store_dir(), data.resolve("store")),
                dir(c.provisioner_dir(), data.resolve("provisioner")));
        Platform platform = c.platform().isBlank() ? Platform.current() : Platform.parse(c.platform());
        if (c.pull_threads() < 1) {
            throw new IllegalArgumentException(PID + ": pull.threads=" + c.pull_threads() + " must be at least 1");
        }
        if (c.gc_disk_headroom() < 0 || c.gc_disk_headroom() >= 1) {
            throw new IllegalArgumentException(PID + ": gc.disk.headroom=" + c.gc_disk_headroom()
                    + " must be at least 0 and below 1");
        }
        String registry = c.docker_registry().trim();
        ImageSource source;
        if (registry.startsWith("/") || registry.startsWith("file://")) {
            source = new LocalImageSource(Path.of(registry.startsWith("file://") ? registry.substring(7) : registry),
                    platform);
        } else if (registry.startsWith("http://") || registry.startsWith("https://")) {
            source = new RegistryClient(registry, credentials(c.docker_config()), platform,
                    Duration.ofMillis(c.registry_timeout_ms()));
        } else {
            throw new IllegalArgumentException(PID + ": docker.registry='" + registry + "' is neither an http(s) URL "
                    + "nor an absolute directory");
        }
        RootfsBackend backend = switch (c.backend().trim()) {
            case "" -> OverlayBackend.available() ? new OverlayBackend() : new CopyBackend();
            case "overlay" -> new OverlayBackend();
            case "copy" -> new CopyBackend();
            default -> throw new IllegalArgumentException(PID + ": backend='" + c.backend()
                    + "' is not overlay or copy");
        };
        Set<String> excluded = Arrays.stream(c.gc_excluded_images().split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        core = new ProvisionerCore(layout, source, backend, new GcPolicy(c.gc_interval_ms(), c.gc_disk_headroom(),
                c.gc_max_unused_age_ms(), excluded), c.pull_threads());
    }

    private static Path dir(String option, Path fallback) {
        return (option.isBlank() ? fallback : Path.of(option.trim())).toAbsolutePath();
    }

    private static RegistryCredentials credentials(String file) {
        if (file.isBlank()) {
            return RegistryCredentials.NONE;
        }
        try {
            return RegistryCredentials.parse(Files.readString(Path.of(file.trim()), StandardCharsets.UTF_8),
                    PID + ": docker.config " + file.trim());
        } catch (IOException e) {
            throw new IllegalArgumentException(PID + ": docker.config " + file.trim() + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public CompletionStage<ProvisionedImage> provision(ContainerID containerId, Image image) {
        return core.provision(containerId, image);
    }

    @Override
    public CompletionStage<Boolean> destroy(ContainerID containerId) {
        return core.destroy(containerId);
    }

    @Override
    public CompletionStage<Void> recover(Set<ContainerID> knownContainerIds) {
        return core.recover(knownContainerIds);
    }

    @Override
    public CompletionStage<Void> pruneImages(List<Image> excludedImages) {
        return core.prune(excludedImages.stream().filter(Image::hasDocker).map(i -> i.getDocker().getName())
                .collect(Collectors.toSet()));
    }

    /** The store's core, for tests in this bundle. */
    ProvisionerCore core() {
        return core;
    }

    /** Stops its threads; containers' rootfs stay (a later instance recovers them). Outside OSGi: call when done. */
    @Deactivate
    public void deactivate() {
        core.close();
    }
}
