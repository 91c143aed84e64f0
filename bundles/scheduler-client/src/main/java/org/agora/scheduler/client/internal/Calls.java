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
import java.util.List;

import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.Filters;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;

/** Builds the scheduler {@link Call}s, without framework id (the client fills it in when it sends them). */
final class Calls {

    private Calls() {
    }

    static Call subscribe(FrameworkInfo info) {
        Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
        if (info.hasId()) {
            call.setFrameworkId(info.getId()); // a re-subscription names the framework twice, as Mesos wants
        }
        return call.build();
    }

    /** {@code filters} may be null: then the master's default applies. */
    static Call accept(Collection<OfferID> offerIds, Collection<Offer.Operation> operations, Filters filters) {
        Call.Accept.Builder accept = Call.Accept.newBuilder().addAllOfferIds(offerIds).addAllOperations(operations);
        if (filters != null) {
            accept.setFilters(filters);
        }
        return Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(accept).build();
    }

    static Call launch(Collection<OfferID> offerIds, Collection<TaskInfo> tasks, Filters filters) {
        return accept(offerIds, List.of(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks)).build()), filters);
    }

    /** {@code filters} may be null: then the master's default applies. */
    static Call decline(Collection<OfferID> offerIds, Filters filters) {
        Call.Decline.Builder decline = Call.Decline.newBuilder().addAllOfferIds(offerIds);
        if (filters != null) {
            decline.setFilters(filters);
        }
        return Call.newBuilder().setType(Call.Type.DECLINE).setDecline(decline).build();
    }

    /** {@code agentId} may be null when not known. */
    static Call kill(TaskID taskId, AgentID agentId) {
        Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(taskId);
        if (agentId != null) {
            kill.setAgentId(agentId);
        }
        return Call.newBuilder().setType(Call.Type.KILL).setKill(kill).build();
    }

    static Call acknowledge(TaskStatus status) {
        return Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                .setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid())).build();
    }

    static Call reconcile(Collection<Call.Reconcile.Task> tasks) {
        return Call.newBuilder().setType(Call.Type.RECONCILE)
                .setReconcile(Call.Reconcile.newBuilder().addAllTasks(tasks)).build();
    }

    static Call revive(Collection<String> roles) {
        return Call.newBuilder().setType(Call.Type.REVIVE).setRevive(Call.Revive.newBuilder().addAllRoles(roles))
                .build();
    }

    static Call suppress(Collection<String> roles) {
        return Call.newBuilder().setType(Call.Type.SUPPRESS)
                .setSuppress(Call.Suppress.newBuilder().addAllRoles(roles)).build();
    }

    static Call teardown() {
        return Call.newBuilder().setType(Call.Type.TEARDOWN).build();
    }

    static Call message(AgentID agentId, ExecutorID executorId, ByteString data) {
        return Call.newBuilder().setType(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder()
                .setAgentId(agentId).setExecutorId(executorId).setData(data)).build();
    }

    static Call shutdown(ExecutorID executorId, AgentID agentId) {
        return Call.newBuilder().setType(Call.Type.SHUTDOWN)
                .setShutdown(Call.Shutdown.newBuilder().setExecutorId(executorId).setAgentId(agentId)).build();
    }

    static Call updateFramework(FrameworkInfo info) {
        return Call.newBuilder().setType(Call.Type.UPDATE_FRAMEWORK)
                .setUpdateFramework(Call.UpdateFramework.newBuilder().setFrameworkInfo(info)).build();
    }
}
