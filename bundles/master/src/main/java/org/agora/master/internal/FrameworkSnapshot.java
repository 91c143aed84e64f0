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
package org.agora.master.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.master.Protos.Response.GetExecutors;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.framework.TaskRecord;
import org.agora.master.internal.offer.OfferManager;

/**
 * One framework at one instant, immutable, for the state endpoints and the shell.
 *
 * @param executors its custom and default executors, each with its agent
 * @param usage what its live tasks and executors hold ({@link #used()}), summed when first asked
 */
public record FrameworkSnapshot(FrameworkInfo info, boolean connected, boolean active, boolean recovered,
        Instant registeredTime, Optional<Instant> reregisteredTime, Optional<Instant> unregisteredTime,
        Set<String> roles, List<Task> tasks, List<Task> completedTasks, List<Offer> offers,
        List<GetExecutors.Executor> executors, FrameworkUsage usage, Resources offered) {

    public String id() {
        return info.getId().getValue();
    }

    /** What its live tasks and executors hold. */
    public Resources used() {
        return usage.total();
    }

    /** Every framework the master knows, then the completed ones (newest last). */
    public record All(List<FrameworkSnapshot> frameworks, List<FrameworkSnapshot> completed) {
    }

    static All of(FrameworkManager frameworks, OfferManager offers) {
        return of(frameworks.all(), frameworks.completed(), offers);
    }

    /** Snapshots of these frameworks; on the actor thread (public for the benchmarks). */
    public static All of(Collection<FrameworkRecord> frameworks, Collection<FrameworkRecord> completedFrameworks,
            OfferManager offers) {
        List<FrameworkSnapshot> active = new ArrayList<>();
        frameworks.forEach(f -> active.add(of(f, offers)));
        List<FrameworkSnapshot> completed = new ArrayList<>();
        completedFrameworks.forEach(f -> completed.add(of(f, offers)));
        return new All(active, completed);
    }

    private static FrameworkSnapshot of(FrameworkRecord f, OfferManager offers) {
        List<Task> tasks = new ArrayList<>(f.tasks().size());
        List<Resources> taskResources = new ArrayList<>(f.tasks().size());
        for (TaskRecord t : f.tasks().values()) {
            tasks.add(t.task());
            taskResources.add(t.resources());
        }
        List<GetExecutors.Executor> executors = new ArrayList<>();
        f.executors().forEach((agent, byId) -> byId.values().forEach(e -> executors.add(GetExecutors.Executor
                .newBuilder().setExecutorInfo(e).setAgentId(AgentID.newBuilder().setValue(agent)).build())));
        List<Offer> outstanding = offers.offersOf(f.idValue());
        Resources offered = Resources.empty();
        for (Offer o : outstanding) {
            offered = offered.plus(Resources.of(o.getResourcesList()));
        }
        return new FrameworkSnapshot(f.info(), f.connected(), f.connected(), f.recovered(), f.registeredTime(),
                Optional.ofNullable(f.reregisteredTime()), Optional.ofNullable(f.unregisteredTime()), f.roles(),
                tasks, List.copyOf(f.completedTasks()), outstanding, executors,
                FrameworkUsage.of(tasks, taskResources, executors), offered);
    }
}
