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
package org.agora.api.isolator;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.containerizer.ContainerState;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ContainerStatus;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One isolation mechanism. For each container the containerizer calls {@link #prepare} before the process exists,
 * {@link #isolate} once it exists (stopped before exec), {@link #watch} for limits, {@link #update} when resources
 * change and {@link #cleanup} after every process of the container is gone. Calls for one container never overlap.
 *
 * <p>An isolator keeps no state that it cannot rebuild in {@link #recover}: the same path serves an agent restart and
 * an upgrade of the isolator's own bundle, so running containers never notice either.
 */
@ConsumerType
public interface Isolator {

    /** The Mesos-style name the agent's {@code isolation} option selects, for example {@code "cgroups/mem"}. */
    String name();

    /**
     * Check that what this isolator needs is present (a cgroup controller, a device) so a misconfiguration is reported
     * when the agent starts rather than at the first task.
     *
     * @throws IsolatorException naming what is missing
     */
    void validate();

    /**
     * Adopt running containers after a restart or an upgrade: rebuild in-memory state from {@code states} and from the
     * system (for example existing cgroups). Leftovers of containers not in {@code states} are cleaned up.
     */
    void recover(List<ContainerState> states);

    /** Set up for a new container (create its cgroup, write limits); say what the launcher must do. */
    LaunchContribution prepare(ContainerConfig config);

    /** The container's top process exists with {@code pid} and has not yet exec'd the task. */
    void isolate(ContainerID containerId, long pid);

    /**
     * Completes if and when a limit of this isolator is breached (the agent then destroys the container and reports
     * the limitation); never completes otherwise. Cleanup need not complete it.
     */
    CompletionStage<ContainerLimitation> watch(ContainerID containerId);

    /** Apply new resources to a running container. */
    void update(ContainerID containerId, Resources resources);

    /** What this isolator can measure of the container; fields it cannot measure are -1. */
    ContainerUsage usage(ContainerID containerId);

    /**
     * What this isolator knows of a running container that status updates carry (Mesos's {@code Isolator::status}):
     * the network/cni isolator fills {@code network_infos} with the container's IP addresses. The containerizer
     * merges every isolator's answer. Must be quick: the agent asks before it reports TASK_RUNNING.
     *
     * @return an empty status (the default) when the isolator has nothing to say
     * @since 1.1
     */
    default ContainerStatus status(ContainerID containerId) {
        return ContainerStatus.getDefaultInstance();
    }

    /** Release everything held for the container. Idempotent; called for containers that never fully launched too. */
    void cleanup(ContainerID containerId);
}
