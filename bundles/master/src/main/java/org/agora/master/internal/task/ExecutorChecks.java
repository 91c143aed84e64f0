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
package org.agora.master.internal.task;

import java.util.Optional;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ExecutorInfo;
import org.agora.api.ids.Ids;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Resource;

/**
 * The checks Mesos's master makes of an ExecutorInfo (src/master/validation.cpp, executor and task group parts), with
 * its messages, and the one place that completes an ExecutorInfo before it is checked and sent: its framework id
 * and, for schedulers that predate MULTI_ROLE, the offer's role on its resources.
 */
final class ExecutorChecks {
    /** Mesos's smallest executor of a task group (MIN_CPUS, MIN_MEM). */
    static final double MIN_CPUS = 0.01;
    static final double MIN_MEM = 32;

    private ExecutorChecks() {
    }

    /** The executor as the master records and sends it: framework id and allocation role filled in when absent. */
    static ExecutorInfo complete(ExecutorInfo e, FrameworkID frameworkId, String role) {
        ExecutorInfo.Builder b = e.toBuilder();
        if (!e.hasFrameworkId()) {
            b.setFrameworkId(frameworkId);
        }
        if (!e.getResourcesList().stream().allMatch(Resource::hasAllocationInfo)) {
            b.clearResources();
            for (Resource r : e.getResourcesList()) {
                b.addResources(r.hasAllocationInfo() ? r : r.toBuilder()
                        .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role)).build());
            }
        }
        return b.build();
    }

    /**
     * What every executor must satisfy, and that it is the executor of that id already on the agent, if any.
     *
     * @param existing the executor with this id that the framework already runs on the agent
     */
    static Optional<String> validate(ExecutorInfo e, FrameworkID frameworkId, Optional<ExecutorInfo> existing) {
        Optional<String> error = id("Executor", e.getExecutorId().getValue());
        if (error.isEmpty() && !e.getFrameworkId().equals(frameworkId)) {
            error = Optional.of("ExecutorInfo has an invalid FrameworkID (Actual: " + e.getFrameworkId().getValue()
                    + " vs Expected: " + frameworkId.getValue() + ")");
        }
        if (error.isEmpty() && e.getShutdownGracePeriod().getNanoseconds() < 0) {
            error = Optional.of("ExecutorInfo's 'shutdown_grace_period' must be non-negative");
        }
        if (error.isEmpty() && e.getType() == ExecutorInfo.Type.DEFAULT && e.hasCommand()) {
            error = Optional.of("'ExecutorInfo.command' must not be set for 'DEFAULT' executor");
        }
        if (error.isEmpty() && e.getType() == ExecutorInfo.Type.CUSTOM && !e.hasCommand()) {
            error = Optional.of("'ExecutorInfo.command' must be set for 'CUSTOM' executor");
        }
        if (error.isEmpty()) {
            error = TaskChecks.resources("Executor", e.getResourcesList(), false);
        }
        if (error.isEmpty() && existing.isPresent() && !existing.get().equals(e)) {
            error = Optional.of("ExecutorInfo is not compatible with existing ExecutorInfo with same ExecutorID '"
                    + e.getExecutorId().getValue() + "'");
        }
        return error;
    }

    /** The executor of a task launched alone (LAUNCH): a custom one, with a command. */
    static Optional<String> forTask(ExecutorInfo e) {
        if (e.hasType() && e.getType() != ExecutorInfo.Type.CUSTOM) {
            return Optional.of("'ExecutorInfo.type' must be 'CUSTOM'");
        }
        if (!e.hasCommand()) {
            return Optional.of("'ExecutorInfo.command' must be set");
        }
        return Optional.empty();
    }

    /** The executor of a task group (LAUNCH_GROUP): its type set, and big enough to run at all. */
    static Optional<String> forGroup(ExecutorInfo e) {
        if (!e.hasType()) {
            return Optional.of("'ExecutorInfo.type' must be set");
        }
        if (e.getType() == ExecutorInfo.Type.UNKNOWN) {
            return Optional.of("Unknown executor type");
        }
        Resources r = Resources.of(e.getResourcesList());
        String id = e.getExecutorId().getValue();
        if (r.scalar("cpus") < MIN_CPUS) {
            return Optional.of("Executor '" + id + "' uses less CPUs (" + r.scalar("cpus")
                    + ") than the minimum required (" + MIN_CPUS + ")");
        }
        if (r.scalar("mem") < MIN_MEM) {
            return Optional.of("Executor '" + id + "' uses less memory (" + r.scalar("mem")
                    + " MB) than the minimum required (" + MIN_MEM + " MB)");
        }
        if (e.getResourcesList().stream().noneMatch(x -> x.getName().equals("disk"))) {
            return Optional.of("Executor '" + id + "' uses no disk");
        }
        return Optional.empty();
    }

    /** Ids end up in sandbox and checkpoint paths: non-empty, no separators or control characters, not . or .. */
    static Optional<String> id(String kind, String id) {
        return Ids.problem(kind + " ID", id);
    }
}
