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
package org.agora.services.internal.app;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of an app, as Marathon's {@code /v2/apps} defines it; immutable, so it crosses from the HTTP threads
 * to the scheduler's actor as it is. Built by {@link AppJson#parse} (which applies Marathon's defaults) and checked
 * by {@link AppValidator}.
 *
 * @param id                    the app's path id with its leading slash ({@code /group/app})
 * @param cmd                   the shell command, if any
 * @param args                  the arguments when run without a shell; empty when {@code cmd} is used
 * @param instances             how many instances should run
 * @param cpus                  CPUs per instance
 * @param mem                   memory per instance, MiB
 * @param disk                  disk per instance, MiB
 * @param gpus                  GPUs per instance
 * @param env                   environment variables
 * @param labels                labels (also given to the tasks)
 * @param user                  the user to run as; empty for the framework's user
 * @param portDefinitions       host ports asked for (0: any free one from the offer)
 * @param constraints           placement constraints
 * @param healthChecks          health checks, run by the agent (Mesos health checks)
 * @param readinessChecks       readiness checks, run by the scheduler on new instances during deployments
 * @param upgradeStrategy       how a new version replaces the old one
 * @param backoff               relaunch delays of failed instances
 * @param killSelection         which instances go first when scaling down
 * @param role                  the role whose resources the instances use; empty for the framework's role
 * @param container             a MESOS container with a Docker image, if any
 * @param fetch                 URIs the agent fetches into the sandbox
 * @param version               this version's timestamp (ISO-8601, UTC)
 * @param lastScalingAt         when {@code instances} or anything else last changed
 * @param lastConfigChangeAt    when anything but {@code instances} last changed
 * @param dependencies          absolute ids of the apps and groups this app starts after (when they are healthy)
 * @param secrets               secrets and the environment variables that name them (references only)
 */
public record AppDefinition(String id, Optional<String> cmd, List<String> args, int instances, double cpus,
        double mem, double disk, int gpus, Map<String, String> env, Map<String, String> labels, Optional<String> user,
        List<PortDefinition> portDefinitions, List<Constraint> constraints, List<HealthCheck> healthChecks,
        List<ReadinessCheck> readinessChecks, UpgradeStrategy upgradeStrategy, BackoffStrategy backoff,
        KillSelection killSelection, Optional<String> role, Optional<Container> container, List<FetchUri> fetch,
        String version, String lastScalingAt, String lastConfigChangeAt, List<String> dependencies,
        EnvSecrets secrets) {

    /** Marathon's default {@code cpus}. */
    public static final double DEFAULT_CPUS = 1.0;
    /** Marathon's default {@code mem}, MiB. */
    public static final double DEFAULT_MEM = 128.0;

    public AppDefinition {
        Objects.requireNonNull(id, "id");
        args = List.copyOf(args);
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        portDefinitions = List.copyOf(portDefinitions);
        constraints = List.copyOf(constraints);
        healthChecks = List.copyOf(healthChecks);
        readinessChecks = List.copyOf(readinessChecks);
        fetch = List.copyOf(fetch);
        dependencies = List.copyOf(dependencies);
        Objects.requireNonNull(secrets, "secrets");
    }

    /** This definition with another instance count, version and scaling time (a scale: no restart needed). */
    public AppDefinition scaled(int newInstances, String newVersion) {
        return new AppDefinition(id, cmd, args, newInstances, cpus, mem, disk, gpus, env, labels, user,
                portDefinitions, constraints, healthChecks, readinessChecks, upgradeStrategy, backoff, killSelection,
                role, container, fetch, newVersion, newVersion, lastConfigChangeAt, dependencies,
                secrets);
    }

    /** This definition stamped with a version; {@code configChanged} also moves {@code lastConfigChangeAt}. */
    public AppDefinition versioned(String newVersion, boolean configChanged, String previousConfigChange) {
        return new AppDefinition(id, cmd, args, instances, cpus, mem, disk, gpus, env, labels, user,
                portDefinitions, constraints, healthChecks, readinessChecks, upgradeStrategy, backoff, killSelection,
                role, container, fetch, newVersion, newVersion, configChanged ? newVersion : previousConfigChange,
                dependencies, secrets);
    }

    /**
     * True if {@code other} runs the same tasks as this one: everything but the instance count and the version
     * stamps is equal. A change between two such definitions is a scale; any other change restarts the instances.
     */
    public boolean sameConfig(AppDefinition other) {
        return unversioned().equals(other.unversioned());
    }

    private AppDefinition unversioned() {
        return scaled(0, "").versioned("", false, "");
    }

    /** Whether new instances must pass a readiness check before a deployment counts them. */
    public boolean hasReadinessChecks() {
        return !readinessChecks.isEmpty();
    }

    /** Whether the instances carry health checks (then a running instance is ready only once healthy). */
    public boolean hasHealthChecks() {
        return !healthChecks.isEmpty();
    }
}
