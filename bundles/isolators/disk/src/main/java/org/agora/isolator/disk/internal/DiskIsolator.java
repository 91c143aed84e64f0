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
package org.agora.isolator.disk.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agora.api.config.TypedConfig;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.containerizer.ContainerState;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.isolator.Isolator;
import org.agora.api.isolator.IsolatorException;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.TaskStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code disk/du}: every container's sandbox is measured on an interval; one larger than its {@code disk} resource
 * completes its watch with REASON_CONTAINER_LIMITATION_DISK (the containerizer then destroys it). Holds nothing
 * the containerizer cannot hand back in {@link #recover}, so an upgrade of this bundle goes unnoticed.
 */
@Component(service = Isolator.class, property = "isolator.name=disk/du", configurationPid = DiskIsolator.PID)
@Designate(ocd = DiskConfig.class)
public final class DiskIsolator implements Isolator {
    static final String PID = "org.agora.isolator.disk";
    private static final Logger LOG = LoggerFactory.getLogger(DiskIsolator.class);

    private final DiskConfig config;
    private final DiskUsage du;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agora-disk-du");
        t.setDaemon(true);
        return t;
    });
    /** Written by the containerizer's calls, read by the checker: one entry per container, replaced whole. */
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();

    private record Watched(ContainerID id, Path sandbox, long limitBytes,
            CompletableFuture<ContainerLimitation> limitation) {
    }

    @Activate
    public DiskIsolator(Map<String, Object> properties) {
        this(TypedConfig.read(DiskConfig.class, PID, properties));
    }

    DiskIsolator(DiskConfig config) {
        if (config.check_interval_ms() < 10) {
            throw new IllegalArgumentException(PID + ": check.interval.ms=" + config.check_interval_ms()
                    + " must be at least 10");
        }
        this.config = config;
        this.du = new DiskUsage(config.du());
        checker.scheduleWithFixedDelay(this::checkAll, config.check_interval_ms(), config.check_interval_ms(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public String name() {
        return "disk/du";
    }

    @Override
    public void validate() {
        try {
            du.bytes(Path.of("/proc/self"));
        } catch (IOException e) {
            throw new IsolatorException("disk/du: cannot run '" + config.du() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void recover(List<ContainerState> states) {
        watched.clear();
        states.forEach(s -> watch(s.containerId(), s.sandbox(), s.resources()));
    }

    @Override
    public LaunchContribution prepare(ContainerConfig c) {
        watch(c.containerId(), c.sandbox(), c.resources());
        return LaunchContribution.none();
    }

    private void watch(ContainerID id, Path sandbox, Resources resources) {
        long limit = (long) (resources.scalar("disk") * 1024 * 1024);
        watched.put(id.getValue(), new Watched(id, sandbox, limit, new CompletableFuture<>()));
    }

    @Override
    public void isolate(ContainerID containerId, long pid) {
    }

    @Override
    public CompletionStage<ContainerLimitation> watch(ContainerID containerId) {
        Watched w = watched.get(containerId.getValue());
        return w == null ? new CompletableFuture<>() : w.limitation();
    }

    @Override
    public void update(ContainerID containerId, Resources resources) {
        Watched w = watched.get(containerId.getValue());
        if (w != null) {
            watched.put(containerId.getValue(), new Watched(w.id(), w.sandbox(),
                    (long) (resources.scalar("disk") * 1024 * 1024), w.limitation()));
        }
    }

    @Override
    public ContainerUsage usage(ContainerID containerId) {
        return new ContainerUsage(System.currentTimeMillis() / 1000.0, -1, -1, -1, -1, -1, -1);
    }

    @Override
    public void cleanup(ContainerID containerId) {
        watched.remove(containerId.getValue());
    }

    private void checkAll() {
        for (Watched w : watched.values()) {
            if (w.limitBytes() <= 0 || w.limitation().isDone()) {
                continue; // no disk resource: nothing to hold it to, as in Mesos
            }
            try {
                long used = du.bytes(w.sandbox());
                if (used > w.limitBytes() && config.enforce()) {
                    String message = String.format("Disk usage (%.1f MB) exceeds quota (%.1f MB)",
                            used / 1048576.0, w.limitBytes() / 1048576.0);
                    LOG.warn("Container {}: {}", w.id().getValue(), message);
                    w.limitation().complete(new ContainerLimitation(
                            TaskStatus.Reason.REASON_CONTAINER_LIMITATION_DISK, message,
                            Resources.parse("disk:" + Math.max(1, w.limitBytes() / 1048576))));
                }
            } catch (IOException e) {
                LOG.warn("Container {}: sandbox not measured: {}", w.id().getValue(), e.getMessage());
            }
        }
    }

    @Deactivate
    void stop() {
        checker.shutdownNow();
    }
}
