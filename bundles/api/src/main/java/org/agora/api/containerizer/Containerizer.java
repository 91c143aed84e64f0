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
package org.agora.api.containerizer;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ContainerStatus;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs containers on an agent. Methods return at once; the work completes the returned stage, on a thread of the
 * containerizer's choosing (the agent hops back to its own actor thread). Failures complete the stage exceptionally
 * with a {@link ContainerizerException} that names the container and the reason.
 */
@ConsumerType
public interface Containerizer {

    /** The name operators configure and see, for example {@code "mesos"}. */
    String name();

    /**
     * Adopt the containers the agent checkpointed and that may still run. Containers found running that are not in
     * {@code known} are orphans: the containerizer destroys them. Must complete before any {@link #launch}.
     */
    CompletionStage<Void> recover(List<ContainerState> known);

    /** Start a container; completes with the pid of its top process once that process runs the task's command. */
    CompletionStage<Long> launch(ContainerConfig config);

    /** Completes when the container has ended and its processes are gone; at most once per container. */
    CompletionStage<ContainerTermination> wait(ContainerID containerId);

    /** Kill every process of the container (however it forked) and release what isolators set up. Idempotent. */
    CompletionStage<Void> destroy(ContainerID containerId);

    /** Current usage of a running container. */
    CompletionStage<ContainerUsage> usage(ContainerID containerId);

    /**
     * What status updates of the container's tasks carry about it (Mesos's {@code Containerizer::status}): its id and
     * what its isolators report, such as the IP addresses of its networks ({@code network_infos}).
     *
     * @return by default, a status that names the container only
     * @since 1.1
     */
    default CompletionStage<ContainerStatus> status(ContainerID containerId) {
        return java.util.concurrent.CompletableFuture.completedFuture(ContainerStatus.newBuilder()
                .setContainerId(containerId).build());
    }

    /** The containers this containerizer runs now. */
    Set<ContainerID> containers();
}
