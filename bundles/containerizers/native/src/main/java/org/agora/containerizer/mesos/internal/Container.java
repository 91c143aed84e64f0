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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.containerizer.ContainerState;
import org.agora.api.containerizer.ContainerTermination;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ContainerID;

/** One container the containerizer runs. Fields change on the containerizer's thread only. */
final class Container {
    final ContainerID id;
    final Path sandbox;
    final Resources resources;
    /** Names of the isolators applied to it; calls go to whichever instance holds the name now (upgrades). */
    final List<String> isolators;
    final CompletableFuture<ContainerTermination> termination = new CompletableFuture<>();
    long pid = -1;
    Optional<ContainerLimitation> limitation = Optional.empty();
    /** The isolators' watches, which may report a limit just after the kernel enforced it. */
    final List<CompletableFuture<ContainerLimitation>> watches = new ArrayList<>();
    boolean destroying;
    /** It was launched in an image (or recovered, when nobody knows): its rootfs goes when it ends. */
    boolean mayHaveRootfs;
    /** Its end was handled (the termination may complete a moment later, once its rootfs is gone). */
    boolean finished;
    /** Where its launcher records the exit status, when it was launched with one (not known for one recovered). */
    final Optional<Path> exitStatusFile;
    /** Why the containerizer ended it, when an isolator failed after the launch. */
    Optional<String> failure = Optional.empty();

    Container(ContainerID id, Path sandbox, Resources resources, List<String> isolators,
            Optional<Path> exitStatusFile) {
        this.id = id;
        this.sandbox = sandbox;
        this.resources = resources;
        this.isolators = List.copyOf(isolators);
        this.exitStatusFile = exitStatusFile;
    }

    String name() {
        return id.getValue();
    }

    ContainerState state() {
        return new ContainerState(id, pid, sandbox, resources);
    }
}
