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

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ContainerInfo;

/**
 * What to run in a container.
 *
 * @param containerId unique on the agent, also across restarts
 * @param command the command to exec (shell or argv form, as in Mesos)
 * @param resources what the container may use; isolators turn these into limits
 * @param sandbox the container's working directory, already created; stdout and stderr go there
 * @param user the user to run as, empty to run as the agent's user
 * @param containerInfo the task's container settings (image, volumes), if any
 * @param environment variables to set, on top of those the isolators add; they may hold resolved secrets, so never
 *     log or store their values ({@link #toString} shows the names only)
 * @param exitStatusFile where the container's launcher records the command's exit status; empty: nowhere. The agent
 *     reads it when whoever reports the end did not see the status itself: the agent after a restart, or a new
 *     instance of the containerizer that adopted the container (its bundle was updated), whose {@code wait} then
 *     completes without a status. The agent gives one for every container it launches.
 */
public record ContainerConfig(ContainerID containerId, CommandInfo command, Resources resources, Path sandbox,
        Optional<String> user, Optional<ContainerInfo> containerInfo, Map<String, String> environment,
        Optional<Path> exitStatusFile) {

    /** A container whose exit status is recorded nowhere. */
    public ContainerConfig(ContainerID containerId, CommandInfo command, Resources resources, Path sandbox,
            Optional<String> user, Optional<ContainerInfo> containerInfo, Map<String, String> environment) {
        this(containerId, command, resources, sandbox, user, containerInfo, environment, Optional.empty());
    }

    public ContainerConfig {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(sandbox, "sandbox");
        user = Objects.requireNonNullElse(user, Optional.empty());
        containerInfo = Objects.requireNonNullElse(containerInfo, Optional.empty());
        environment = Map.copyOf(environment);
        exitStatusFile = Objects.requireNonNullElse(exitStatusFile, Optional.empty());
    }

    /** As a record's, but with the environment's names only: its values may be secrets. */
    @Override
    public String toString() {
        return "ContainerConfig[containerId=" + containerId.getValue() + ", sandbox=" + sandbox + ", user="
                + user.orElse("") + ", resources=" + resources + ", environment=" + environment.keySet()
                + ", exitStatusFile=" + exitStatusFile.map(Path::toString).orElse("") + "]";
    }
}
