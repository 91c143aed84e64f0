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
package org.agora.scheduler.client.internal;

import com.google.protobuf.ByteString;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.scheduler.client.SchedulerClient;

/** The typed calls of {@link SchedulerClient}: each builds one {@link Call} ({@link Calls}) for {@link #call}. */
abstract class TypedCalls implements SchedulerClient {

    @Override
    public CompletableFuture<Void> accept(Collection<OfferID> offerIds, Collection<Offer.Operation> operations,
            Filters filters) {
        return call(Calls.accept(offerIds, operations, filters));
    }

    @Override
    public CompletableFuture<Void> launch(Collection<OfferID> offerIds, Collection<TaskInfo> tasks, Filters filters) {
        return call(Calls.launch(offerIds, tasks, filters));
    }

    @Override
    public CompletableFuture<Void> decline(Collection<OfferID> offerIds, Filters filters) {
        return call(Calls.decline(offerIds, filters));
    }

    @Override
    public CompletableFuture<Void> kill(TaskID taskId) {
        return call(Calls.kill(taskId, null));
    }

    @Override
    public CompletableFuture<Void> kill(TaskID taskId, AgentID agentId) {
        return call(Calls.kill(taskId, Objects.requireNonNull(agentId, "agentId")));
    }

    @Override
    public CompletableFuture<Void> acknowledge(TaskStatus status) {
        return status.hasUuid() ? call(Calls.acknowledge(status)) : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> reconcile(Collection<Call.Reconcile.Task> tasks) {
        return call(Calls.reconcile(tasks));
    }

    @Override
    public CompletableFuture<Void> revive(Collection<String> roles) {
        return call(Calls.revive(roles));
    }

    @Override
    public CompletableFuture<Void> suppress(Collection<String> roles) {
        return call(Calls.suppress(roles));
    }

    @Override
    public CompletableFuture<Void> teardown() {
        return call(Calls.teardown());
    }

    @Override
    public CompletableFuture<Void> message(AgentID agentId, ExecutorID executorId, ByteString data) {
        return call(Calls.message(agentId, executorId, data));
    }

    @Override
    public CompletableFuture<Void> shutdown(ExecutorID executorId, AgentID agentId) {
        return call(Calls.shutdown(executorId, agentId));
    }

}
