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
package org.agora.master.internal.term;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.agora.api.security.Action;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.DrainConfig;
import org.agora.api.v1.Protos.MachineID;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.WeightInfo;
import org.agora.api.v1.maintenance.Protos.Schedule;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.maintenance.Maintenance;
import org.agora.master.internal.role.RoleCalls;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.security.NotAuthorizedException;
import org.agora.master.internal.security.Permissions;

/**
 * The operator API's calls that change the cluster, each authorized first (the caller's permission on the object
 * the call changes: the role, the reserver, the framework's principal) and then handed to the part of the term that
 * makes the change. Each stage completes once the change is persisted and applied, or fails changing nothing; each
 * call throws {@link NotAuthorizedException} when the caller may not. Actor thread only.
 */
public final class OperatorCalls {
    private final FrameworkManager frameworks;
    private final RoleCalls roles;
    private final AgentOperations agents;
    private final Permissions permissions;
    private final Maintenance maintenance;

    OperatorCalls(FrameworkManager frameworks, RoleCalls roles, AgentOperations agents, Maintenance maintenance,
            Permissions permissions) {
        this.maintenance = maintenance;
        this.frameworks = frameworks;
        this.roles = roles;
        this.agents = agents;
        this.permissions = permissions;
    }

    /**
     * TEARDOWN by an operator (Mesos's {@code /teardown}): the framework's tasks are killed and it may not subscribe
     * again with its id. The caller needs TEARDOWN_FRAMEWORK on the framework's principal.
     *
     * @throws NotAuthorizedException    when the caller may not
     * @throws org.agora.master.internal.UnknownObjectException when the leader does not know the framework
     */
    public CompletionStage<Void> teardownFramework(String frameworkId, Caller caller) {
        var f = frameworks.get(frameworkId).orElseThrow(() -> new org.agora.master.internal.UnknownObjectException(
                "Framework " + frameworkId + " is unknown to this master"));
        permissions.require(caller, Action.TEARDOWN_FRAMEWORK, Optional.of(f.info().getPrincipal()),
                "tear down framework " + frameworkId);
        frameworks.remove(f, "torn down by " + caller.describe());
        return CompletableFuture.completedFuture(null);
    }

    public CompletionStage<Void> updateWeights(List<WeightInfo> weights, Caller caller) {
        for (WeightInfo w : weights) {
            permissions.require(caller, Action.UPDATE_WEIGHT, Optional.of(w.getRole()), "update the weight of "
                    + "role '" + w.getRole() + "'");
        }
        return roles.updateWeights(weights);
    }

    public CompletionStage<Void> updateQuota(List<QuotaConfig> quotas, boolean force, Caller caller) {
        for (QuotaConfig q : quotas) {
            permissions.require(caller, Action.UPDATE_QUOTA, Optional.of(q.getRole()), "update the quota of role '"
                    + q.getRole() + "'");
        }
        return roles.updateQuota(quotas, force);
    }

    public CompletionStage<Void> reserve(AgentID agentId, List<Resource> resources, List<Resource> source,
            Caller caller) {
        for (Resource r : resources) {
            String role = r.getReservationsCount() > 0 ? r.getReservations(r.getReservationsCount() - 1).getRole()
                    : r.getRole();
            permissions.require(caller, Action.RESERVE_RESOURCES, Optional.of(role), "reserve resources for role '"
                    + role + "'");
        }
        return roles.reserve(agentId, resources, source);
    }

    public CompletionStage<Void> unreserve(AgentID agentId, List<Resource> resources, Caller caller) {
        for (Resource r : resources) {
            String reserver = r.getReservationsCount() > 0
                    ? r.getReservations(r.getReservationsCount() - 1).getPrincipal() : "";
            permissions.require(caller, Action.UNRESERVE_RESOURCES, Optional.of(reserver), "unreserve resources "
                    + "reserved by '" + reserver + "'");
        }
        return roles.unreserve(agentId, resources);
    }

    public CompletionStage<Void> markAgentGone(AgentID agentId, Caller caller) {
        permissions.require(caller, Action.MARK_AGENT_GONE, Optional.empty(), "mark agents gone");
        return agents.markGone(agentId);
    }

    public CompletionStage<Void> deactivateAgent(AgentID agentId, boolean deactivated, Caller caller) {
        permissions.require(caller, deactivated ? Action.DEACTIVATE_AGENT : Action.REACTIVATE_AGENT,
                Optional.empty(), (deactivated ? "deactivate" : "reactivate") + " agents");
        agents.deactivate(agentId, deactivated);
        return CompletableFuture.completedFuture(null);
    }

    public CompletionStage<Void> drainAgent(AgentID agentId, DrainConfig config, Caller caller) {
        permissions.require(caller, Action.DRAIN_AGENT, Optional.empty(), "drain agents");
        agents.drain(agentId, config);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * UPDATE_MAINTENANCE_SCHEDULE (the caller needs {@code update_maintenance_schedules}); see
     * {@link Maintenance#updateSchedule}.
     *
     * @throws IllegalArgumentException naming the field, for a schedule Mesos would refuse
     */
    public CompletionStage<Void> updateMaintenanceSchedule(Schedule schedule, Caller caller) {
        permissions.require(caller, Action.UPDATE_MAINTENANCE_SCHEDULE, Optional.empty(),
                "update the maintenance schedule");
        return maintenance.updateSchedule(schedule);
    }

    /**
     * START_MAINTENANCE (the caller needs {@code start_maintenances}); see {@link Maintenance#start}.
     *
     * @throws IllegalArgumentException naming the machine
     */
    public CompletionStage<Void> startMaintenance(List<MachineID> machines, Caller caller) {
        permissions.require(caller, Action.START_MAINTENANCE, Optional.empty(), "start maintenance");
        return maintenance.start(machines);
    }

    /**
     * STOP_MAINTENANCE (the caller needs {@code stop_maintenances}); see {@link Maintenance#stop}.
     *
     * @throws IllegalArgumentException naming the machine
     */
    public CompletionStage<Void> stopMaintenance(List<MachineID> machines, Caller caller) {
        permissions.require(caller, Action.STOP_MAINTENANCE, Optional.empty(), "stop maintenance");
        return maintenance.stop(machines);
    }
}
