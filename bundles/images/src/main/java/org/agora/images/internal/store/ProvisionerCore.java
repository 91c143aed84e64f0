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
package org.agora.images.internal.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageException.Reason;
import org.agora.api.image.ProvisionedImage;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.Image;
import org.agora.api.v1.Protos.Secret;
import org.agora.images.internal.backend.MountTable;
import org.agora.images.internal.backend.RootfsBackend;
import org.agora.images.internal.layer.LayerExtractor;
import org.agora.images.internal.manifest.Descriptor;
import org.agora.images.internal.reference.Digests;
import org.agora.images.internal.reference.ImageReference;
import org.agora.images.internal.source.ImageSource;
import org.agora.images.internal.source.RegistryCredentials;
import org.agora.images.internal.source.ResolvedImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provisioner's state and its one thread (an actor): which images are resolved, which layers are on disk or
 * being pulled, which containers use which layers. Every field below is touched only on the actor thread; the
 * blocking work (registry requests, extraction, mounts, deletion) runs on the I/O pool and hands its result back
 * to the actor. Concurrent requests for one image or layer join the one request in flight.
 */
public final class ProvisionerCore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionerCore.class);

    private final StoreLayout layout;
    private final ImageSource source;
    private final RootfsBackend backend;
    private final GcPolicy gc;
    private final ScheduledExecutorService actor;
    private final ExecutorService io;

    // actor state
    private final Map<String, ImageRecord> images = new HashMap<>();
    private final Map<String, CompletableFuture<Resolution>> resolving = new HashMap<>();
    private final Map<String, Long> layers = new HashMap<>(); // present on disk -> last used (ms)
    private final Map<String, CompletableFuture<Void>> pulling = new HashMap<>();
    private final Map<String, Set<String>> users = new HashMap<>(); // layer -> container keys
    private final Map<String, Container> containers = new HashMap<>();
    /** Callers' stages not yet completed: failed on {@link #close} so that nobody waits for a stopped store. */
    private final Set<CompletableFuture<?>> outstanding = ConcurrentHashMap.newKeySet();

    /** A resolved image: its record and, when resolved by this process, the means to fetch its blobs. */
    private record Resolution(ImageRecord record, ResolvedImage resolved) {
    }

    private static final class Container {
        final String imageName;
        CompletableFuture<ProvisionedImage> ready;
        CompletableFuture<Boolean> destroyed;
        List<String> layers = List.of();

        Container(String imageName) {
            this.imageName = imageName;
        }
    }

    public ProvisionerCore(StoreLayout layout, ImageSource source, RootfsBackend backend, GcPolicy gc,
            int ioThreads) {
        this.layout = layout;
        this.source = source;
        this.backend = backend;
        this.gc = gc;
        this.actor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "agora-images"));
        AtomicInteger n = new AtomicInteger();
        this.io = Executors.newFixedThreadPool(ioThreads, r -> daemon(r, "agora-images-io-" + n.incrementAndGet()));
        actor.execute(this::load);
        if (gc.intervalMs() > 0) {
            actor.scheduleWithFixedDelay(this::automaticGc, gc.intervalMs(), gc.intervalMs(), TimeUnit.MILLISECONDS);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---------------------------------------------------------------------------------------------------- loading

    /** Reads what a previous run left: layers, image records, containers; empties staging/ and trash/. */
    private void load() {
        try {
            layout.create();
            for (Path p : list(layout.staging())) {
                LayerExtractor.deleteRecursively(p);
            }
            for (Path p : list(layout.trash())) {
                LayerExtractor.deleteRecursively(p);
            }
            for (Path p : list(layout.layers())) {
                String name = p.getFileName().toString();
                if (Digests.isValid("sha256:" + name) && Files.isDirectory(p)) {
                    layers.put("sha256:" + name, Files.getLastModifiedTime(p).toMillis());
                } else {
                    LayerExtractor.deleteRecursively(p);
                }
            }
            for (Path p : list(layout.images())) {
                try {
                    ImageRecord r = ImageRecord.fromJson(Files.readAllBytes(p));
                    images.put(r.name(), r);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("image store: dropping unreadable image record {}: {}", p, e.getMessage());
                    Files.deleteIfExists(p);
                }
            }
            for (Path dir : list(layout.containers())) {
                String key = dir.getFileName().toString();
                Container c;
                try {
                    ImageRecord r = ImageRecord.fromJson(Files.readAllBytes(dir.resolve("record.json")));
                    c = new Container(r.name());
                    c.layers = r.layers();
                    c.ready = CompletableFuture.completedFuture(provisioned(key, r));
                    pin(key, r.layers());
                } catch (IOException | RuntimeException e) {
                    c = new Container("");
                    c.ready = CompletableFuture.failedFuture(new ImageException(Reason.INTERNAL, "container " + key
                            + ": its provision never completed"));
                }
                containers.put(key, c);
            }
            LOG.info("image store {}: {} layers, {} images, {} container rootfs ({} backend, source {})",
                    layout.store(), layers.size(), images.size(), containers.size(), backend.name(),
                    source.describe());
        } catch (IOException e) {
            LOG.error("image store {}: cannot load: {}", layout.store(), e.getMessage(), e);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ provision

    public CompletionStage<ProvisionedImage> provision(ContainerID containerId, Image image) {
        CompletableFuture<ProvisionedImage> result = new CompletableFuture<>();
        onActor(result, () -> {
            String key = ContainerKeys.of(containerId);
            if (image.getType() != Image.Type.DOCKER || !image.hasDocker()) {
                throw new ImageException(Reason.INVALID_REQUEST, "container " + key + ": image of type "
                        + image.getType() + " is not supported (only DOCKER)");
            }
            ImageReference ref = ImageReference.parse(image.getDocker().getName());
            RegistryCredentials credentials = credentials(image, ref);
            Container existing = containers.get(key);
            if (existing != null) {
                if (!existing.imageName.equals(ref.toString()) || existing.destroyed != null) {
                    throw new ImageException(Reason.INVALID_REQUEST, "container " + key + " is already "
                            + (existing.destroyed != null ? "being destroyed" : "provisioned with image '"
                            + existing.imageName + "'"));
                }
                relay(existing.ready, result);
                return;
            }
            Container c = new Container(ref.toString());
            containers.put(key, c);
            LOG.info("container {}: provisioning image '{}' (cached={})", key, ref, image.getCached());
            c.ready = resolve(ref, credentials, image.getCached())
                    .thenComposeAsync(res -> ensureLayers(key, c, res, ref, credentials, true), actor)
                    .thenApplyAsync(rec -> build(key, rec), io)
                    .handleAsync((p, e) -> finished(key, c, p, e), actor);
            relay(c.ready, result);
        });
        return result;
    }

    private RegistryCredentials credentials(Image image, ImageReference ref) {
        if (!image.getDocker().hasConfig()) {
            return RegistryCredentials.NONE;
        }
        Secret s = image.getDocker().getConfig();
        if (s.getType() != Secret.Type.VALUE && !s.hasValue()) {
            throw new ImageException(Reason.INVALID_REQUEST, "image '" + ref + "': Image.Docker.config is a secret "
                    + "reference, which needs a secret resolver; give the config as a VALUE");
        }
        return RegistryCredentials.parse(s.getValue().getData().toString(StandardCharsets.UTF_8),
                "Image.Docker.config of image '" + ref + "'");
    }

    /** A resolution of the name: the record if cached and its layers are here, else one fetch for all callers. */
    private CompletableFuture<Resolution> resolve(ImageReference ref, RegistryCredentials credentials,
            boolean cached) {
        String name = ref.toString();
        ImageRecord record = images.get(name);
        if (cached && record != null && record.layers().stream().allMatch(layers::containsKey)) {
            return CompletableFuture.completedFuture(new Resolution(record, null));
        }
        CompletableFuture<Resolution> inFlight = resolving.get(name);
        if (inFlight != null) {
            return inFlight;
        }
        CompletableFuture<Resolution> f = CompletableFuture.supplyAsync(() -> {
            ResolvedImage r = source.resolve(ref, credentials);
            List<String> digests = r.layers().stream().map(Descriptor::digest).toList();
            ImageRecord rec = new ImageRecord(name, r.name(), r.origin(), r.manifestDigest(), digests, r.runtime());
            try {
                StoreLayout.writeAtomically(layout.image(name), rec.toJson());
            } catch (IOException e) {
                throw storeError("image '" + name + "': cannot write its record", e);
            }
            return new Resolution(rec, r);
        }, io).whenCompleteAsync((res, e) -> {
            resolving.remove(name);
            if (res != null) {
                images.put(name, res.record());
                LOG.info("image '{}': resolved to {} from {} ({} layers)", name, res.record().manifestDigest(),
                        res.resolved().origin(), res.record().layers().size());
            }
        }, actor);
        resolving.put(name, f);
        return f;
    }

    /** Pins the image's layers for the container and completes when all are on disk. */
    private CompletableFuture<ImageRecord> ensureLayers(String key, Container c, Resolution res, ImageReference ref,
            RegistryCredentials credentials, boolean mayResolveAgain) {
        ImageRecord rec = res.record();
        pin(key, rec.layers());
        c.layers = rec.layers();
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (int i = 0; i < rec.layers().size(); i++) {
            String digest = rec.layers().get(i);
            if (layers.containsKey(digest)) {
                continue;
            }
            CompletableFuture<Void> pull = pulling.get(digest);
            if (pull == null) {
                if (res.resolved() == null) {
                    // a cached record whose layer the GC took meanwhile: fetch the manifest again
                    if (!mayResolveAgain) {
                        throw new ImageException(Reason.INTERNAL, "image '" + ref + "': layer " + digest
                                + " vanished while provisioning");
                    }
                    return resolve(ref, credentials, false).thenComposeAsync(
                            again -> ensureLayers(key, c, again, ref, credentials, false), actor);
                }
                pull = startPull(res.resolved(), i);
            }
            waits.add(pull);
        }
        return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).thenApply(v -> rec);
    }

    private CompletableFuture<Void> startPull(ResolvedImage image, int index) {
        Descriptor layer = image.layers().get(index);
        String diffId = index < image.diffIds().size() ? image.diffIds().get(index) : "";
        LOG.info("layer {}: pulling for image '{}' from {}", layer.digest(), image.name(), image.origin());
        CompletableFuture<Void> f = CompletableFuture.runAsync(() -> LayerPuller.pull(layout, image, layer, diffId),
                io).whenCompleteAsync((v, e) -> {
                    pulling.remove(layer.digest());
                    if (e == null) {
                        layers.put(layer.digest(), System.currentTimeMillis());
                        LOG.info("layer {}: stored", layer.digest());
                    } else {
                        LOG.warn("layer {}: pull failed: {}", layer.digest(), unwrap(e).getMessage());
                    }
                }, actor);
        pulling.put(layer.digest(), f);
        return f;
    }

    /** On the I/O pool: the container's rootfs from its layers, and its record. */
    private ProvisionedImage build(String key, ImageRecord rec) {
        Path dir = layout.container(key);
        try {
            removeContainerDir(dir);
            Files.createDirectories(dir);
            List<Path> dirs = rec.layers().stream().map(layout::layer).toList();
            backend.provision(dirs, dir);
            StoreLayout.writeAtomically(dir.resolve("record.json"), rec.toJson());
            return provisioned(key, rec);
        } catch (IOException e) {
            throw storeError("container " + key + ": cannot build its rootfs from image '" + rec.name() + "' with "
                    + "the " + backend.name() + " backend", e);
        }
    }

    private ProvisionedImage provisioned(String key, ImageRecord rec) {
        return new ProvisionedImage(ContainerKeys.parse(key), RootfsBackend.rootfsOf(layout.container(key)),
                rec.resolvedName(), rec.manifestDigest(), rec.layers(), rec.runtime());
    }

    private ProvisionedImage finished(String key, Container c, ProvisionedImage p, Throwable e) {
        if (e == null) {
            LOG.info("container {}: rootfs {} ready from image '{}' ({})", key, p.rootfs(), c.imageName,
                    p.manifestDigest());
            return p;
        }
        Throwable cause = unwrap(e);
        LOG.warn("container {}: provisioning image '{}' failed: {}", key, c.imageName, cause.getMessage());
        unpin(key, c.layers);
        if (containers.get(key) == c && c.destroyed == null) {
            containers.remove(key);
        }
        Path dir = layout.container(key);
        io.execute(() -> {
            try {
                removeContainerDir(dir);
            } catch (IOException ex) {
                LOG.warn("container {}: cannot remove {} after the failed provision: {}", key, dir, ex.getMessage());
            }
        });
        throw cause instanceof ImageException ie ? ie : new ImageException(Reason.INTERNAL, "container " + key
                + ": provisioning image '" + c.imageName + "' failed: " + cause.getMessage(), cause);
    }

    // ------------------------------------------------------------------------------------------ destroy, recover

    public CompletionStage<Boolean> destroy(ContainerID containerId) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        onActor(result, () -> {
            String key = ContainerKeys.of(containerId);
            // the container's own rootfs and those of the ids nested under it (its image volumes' rootfs)
            List<CompletableFuture<Boolean>> all = new ArrayList<>();
            all.add(destroyOnActor(key));
            containers.keySet().stream().filter(k -> ContainerKeys.isNestedUnder(k, key)).toList()
                    .forEach(k -> all.add(destroyOnActor(k)));
            relay(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> all.stream()
                    .anyMatch(CompletableFuture::join)), result);
        });
        return result;
    }

    private CompletableFuture<Boolean> destroyOnActor(String key) {
        Container c = containers.get(key);
        if (c == null) {
            Path dir = layout.container(key);
            return CompletableFuture.supplyAsync(() -> {
                try {
                    boolean existed = Files.exists(dir);
                    removeContainerDir(dir);
                    return existed;
                } catch (IOException e) {
                    throw storeError("container " + key + ": cannot remove its rootfs", e);
                }
            }, io);
        }
        if (c.destroyed != null) {
            return c.destroyed;
        }
        Path dir = layout.container(key);
        c.destroyed = c.ready.handle((p, e) -> null).thenApplyAsync(v -> {
            try {
                boolean existed = Files.exists(dir);
                removeContainerDir(dir);
                return existed;
            } catch (IOException e) {
                throw storeError("container " + key + ": cannot remove its rootfs " + dir, e);
            }
        }, io).whenCompleteAsync((removed, e) -> {
            if (e == null) {
                containers.remove(key, c);
                unpin(key, c.layers);
                LOG.info("container {}: rootfs removed", key);
            } else {
                c.destroyed = null; // a later destroy tries again
                LOG.warn("container {}: destroy failed: {}", key, unwrap(e).getMessage());
            }
        }, actor);
        return c.destroyed;
    }

    public CompletionStage<Void> recover(Set<ContainerID> known) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        onActor(result, () -> {
            Set<String> keep = new HashSet<>();
            for (ContainerID id : known) {
                keep.add(ContainerKeys.of(id));
            }
            Set<String> found = new LinkedHashSet<>(containers.keySet());
            for (Path p : MountTable.mountsUnder(layout.containers())) {
                Path rel = layout.containers().toAbsolutePath().normalize().relativize(p);
                if (rel.getNameCount() > 0 && !rel.toString().isEmpty()) {
                    found.add(rel.getName(0).toString());
                }
            }
            List<CompletableFuture<Boolean>> removals = new ArrayList<>();
            for (String key : found) {
                if (!keep.contains(key) && keep.stream().noneMatch(k -> ContainerKeys.isNestedUnder(key, k))) {
                    LOG.info("container {}: not known after recovery, removing its rootfs", key);
                    removals.add(destroyOnActor(key));
                }
            }
            LOG.info("image provisioner recovered: {} container rootfs kept, {} removed", found.size()
                    - removals.size(), removals.size());
            relay(CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new)), result);
        });
        return result;
    }

    // --------------------------------------------------------------------------------------------------------- GC

    public CompletionStage<Void> prune(Set<String> excludedNames) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        onActor(result, () -> relay(collect(excludedNames, true), result));
        return result;
    }

    private void automaticGc() {
        collect(gc.excluded(), false).exceptionally(e -> {
            LOG.warn("image GC failed: {}", unwrap(e).getMessage());
            return null;
        });
    }

    /** Removes unused layers (all of them, or those over age or while the disk is short) and their images. */
    private CompletableFuture<Void> collect(Set<String> excludedNames, boolean all) {
        Set<String> protectedLayers = new HashSet<>(pulling.keySet());
        users.forEach((layer, keys) -> {
            if (!keys.isEmpty()) {
                protectedLayers.add(layer);
            }
        });
        for (String name : excludedNames) {
            ImageRecord r = images.get(canonical(name));
            if (r != null) {
                protectedLayers.addAll(r.layers());
            }
        }
        boolean short_ = !all && gc.diskHeadroom() > 0 && diskShort();
        long now = System.currentTimeMillis();
        List<String> victims = new ArrayList<>();
        layers.forEach((layer, lastUsed) -> {
            boolean old = gc.maxUnusedAgeMs() > 0 && now - lastUsed > gc.maxUnusedAgeMs();
            if (!protectedLayers.contains(layer) && (all || short_ || old)) {
                victims.add(layer);
            }
        });
        if (victims.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<Path> trashed = new ArrayList<>();
        for (String layer : victims) {
            layers.remove(layer);
            users.remove(layer);
            try {
                Path t = layout.trash().resolve(Digests.hex(layer) + "-" + UUID.randomUUID());
                Files.move(layout.layer(layer), t);
                trashed.add(t);
            } catch (IOException e) {
                LOG.warn("image GC: cannot move layer {} away: {}", layer, e.getMessage());
            }
        }
        Set<String> gone = new HashSet<>(victims);
        images.values().removeIf(r -> {
            if (r.layers().stream().anyMatch(gone::contains)) {
                try {
                    Files.deleteIfExists(layout.image(r.name()));
                } catch (IOException e) {
                    LOG.warn("image GC: cannot remove the record of image '{}': {}", r.name(), e.getMessage());
                }
                return true;
            }
            return false;
        });
        LOG.info("image GC: removing {} unused layers ({})", victims.size(), all ? "prune" : short_
                ? "disk headroom below " + gc.diskHeadroom() : "unused longer than " + gc.maxUnusedAgeMs() + " ms");
        return CompletableFuture.runAsync(() -> {
            for (Path t : trashed) {
                try {
                    LayerExtractor.deleteRecursively(t);
                } catch (IOException e) {
                    LOG.warn("image GC: cannot delete {}: {}", t, e.getMessage());
                }
            }
        }, io);
    }

    private boolean diskShort() {
        try {
            FileStore fs = Files.getFileStore(layout.store());
            return fs.getTotalSpace() > 0 && (double) fs.getUsableSpace() / fs.getTotalSpace() < gc.diskHeadroom();
        } catch (IOException e) {
            return false;
        }
    }

    private static String canonical(String name) {
        try {
            return ImageReference.parse(name).toString();
        } catch (ImageException e) {
            return name;
        }
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private void pin(String key, List<String> ls) {
        for (String l : ls) {
            users.computeIfAbsent(l, k -> new HashSet<>()).add(key);
        }
    }

    private void unpin(String key, List<String> ls) {
        long now = System.currentTimeMillis();
        for (String l : ls) {
            Set<String> u = users.get(l);
            if (u != null && u.remove(key) && u.isEmpty()) {
                users.remove(l);
            }
            if (layers.containsKey(l)) {
                layers.put(l, now);
                try {
                    Files.setLastModifiedTime(layout.layer(l), FileTime.fromMillis(now)); // last use, for restarts
                } catch (IOException e) {
                    // the age GC then counts from the extraction: earlier, never wrong about use
                }
            }
        }
    }

    private static void removeContainerDir(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        MountTable.unmountAll(dir);
        LayerExtractor.deleteRecursively(dir);
    }

    private static ImageException storeError(String what, IOException e) {
        return new ImageException(LayerPuller.noSpace(e) ? Reason.DISK_FULL : Reason.INTERNAL, what + ": "
                + (LayerPuller.noSpace(e) ? "no space left on device" : e.getMessage()), e);
    }

    private interface ActorTask {
        void run() throws Exception;
    }

    private void onActor(CompletableFuture<?> result, ActorTask task) {
        outstanding.add(result);
        result.whenComplete((v, e) -> outstanding.remove(result));
        try {
            actor.execute(() -> {
                try {
                    task.run();
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new ImageException(Reason.INTERNAL, "the image provisioner is stopped"));
        }
    }

    private static <T> void relay(CompletableFuture<T> from, CompletableFuture<? super T> to) {
        from.whenComplete((v, e) -> {
            if (e != null) {
                to.completeExceptionally(unwrap(e));
            } else {
                to.complete(v);
            }
        });
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** For tests: which layers are on disk (by digest), as the actor sees it. */
    public CompletionStage<Set<String>> storedLayers() {
        return CompletableFuture.supplyAsync(() -> Set.copyOf(layers.keySet()), actor);
    }

    @Override
    public void close() {
        actor.shutdownNow();
        io.shutdownNow();
        for (CompletableFuture<?> f : List.copyOf(outstanding)) {
            f.completeExceptionally(new ImageException(Reason.INTERNAL, "the image provisioner stopped"));
        }
    }
}
