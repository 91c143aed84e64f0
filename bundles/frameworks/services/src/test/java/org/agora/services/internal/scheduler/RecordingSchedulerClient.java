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
package org.agora.services.internal.scheduler;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.Backoff;
import org.agora.scheduler.client.SchedulerClient;

/**
 * Stands in for the master where the test plays the agent's part: it records the calls the scheduler makes, and
 * the test answers them with events. Used only where the real agent cannot yet do what is tested (health checks
 * setting {@code TaskStatus.healthy}); everything else runs for real (ZooKeeper, the store, the actor).
 * Thread-safe.
 */
final class RecordingSchedulerClient implements SchedulerClient {
    final List<TaskInfo> launched = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> killed = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<TaskStatus> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<List<Call.Reconcile.Task>> reconciled = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Event.Subscribed> subscribe(FrameworkInfo frameworkInfo) {
        return CompletableFuture.completedFuture(Event.Subscribed.getDefaultInstance());
    }

    @Override
    public CompletableFuture<Event.Subscribed> resubscribe(Backoff backoff) {
        return new CompletableFuture<>();
    }

    @Override
    public Optional<FrameworkID> frameworkId() {
        return Optional.empty();
    }

    @Override
    public Optional<String> streamId() {
        return Optional.empty();
    }

    @Override
    public Optional<String> master() {
        return Optional.empty();
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public CompletableFuture<Void> call(Call call) {
        return done();
    }

    @Override
    public CompletableFuture<Void> accept(Collection<OfferID> offerIds, Collection<Offer.Operation> operations,
            Filters filters) {
        return done();
    }

    @Override
    public CompletableFuture<Void> launch(Collection<OfferID> offerIds, Collection<TaskInfo> tasks, Filters filters) {
        launched.addAll(tasks);
        return done();
    }

    @Override
    public CompletableFuture<Void> decline(Collection<OfferID> offerIds, Filters filters) {
        return done();
    }

    @Override
    public CompletableFuture<Void> kill(TaskID taskId) {
        killed.add(taskId.getValue());
        return done();
    }

    @Override
    public CompletableFuture<Void> kill(TaskID taskId, AgentID agentId) {
        return kill(taskId);
    }

    @Override
    public CompletableFuture<Void> acknowledge(TaskStatus status) {
        acknowledged.add(status);
        return done();
    }

    @Override
    public CompletableFuture<Void> reconcile(Collection<Call.Reconcile.Task> tasks) {
        reconciled.add(new ArrayList<>(tasks));
        return done();
    }

    @Override
    public CompletableFuture<Void> revive(Collection<String> roles) {
        return done();
    }

    @Override
    public CompletableFuture<Void> suppress(Collection<String> roles) {
        return done();
    }

    @Override
    public CompletableFuture<Void> teardown() {
        return done();
    }

    @Override
    public CompletableFuture<Void> message(AgentID agentId, ExecutorID executorId, ByteString data) {
        return done();
    }

    @Override
    public CompletableFuture<Void> shutdown(ExecutorID executorId, AgentID agentId) {
        return done();
    }

    @Override
    public CompletableFuture<Void> updateFramework(FrameworkInfo frameworkInfo) {
        return done();
    }

    @Override
    public void close() {
        // nothing to release
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
