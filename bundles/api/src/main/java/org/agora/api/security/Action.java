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
package org.agora.api.security;

/**
 * What a principal asks to do, named after the ACLs of Mesos's local authorizer; {@link #aclName()} is the key of
 * the action's list in the ACL JSON. The object an action applies to is a string whose meaning each action states.
 */
public enum Action {
    /** Subscribe a framework in a role; object: the role. */
    REGISTER_FRAMEWORK("register_frameworks"),
    /** Run a task or executor as a user; object: the user. */
    RUN_TASK("run_tasks"),
    /** Tear a framework down; object: the framework's principal. */
    TEARDOWN_FRAMEWORK("teardown_frameworks"),
    /** Reserve resources for a role; object: the role. */
    RESERVE_RESOURCES("reserve_resources"),
    /** Unreserve resources; object: the principal that reserved them. */
    UNRESERVE_RESOURCES("unreserve_resources"),
    /** Change a role's quota; object: the role. */
    UPDATE_QUOTA("update_quotas"),
    /** Change a role's weight; object: the role. */
    UPDATE_WEIGHT("update_weights"),
    /** Read a role's quota; object: the role. */
    GET_QUOTA("get_quotas"),
    /** See a role (GET_ROLES, GET_WEIGHTS); object: the role. */
    VIEW_ROLE("view_roles"),
    /** Call an HTTP endpoint; object: its path, for example {@code /metrics/snapshot}. */
    GET_ENDPOINT_WITH_PATH("get_endpoints"),
    /** See a framework in state and listings; object: the framework's user. */
    VIEW_FRAMEWORK("view_frameworks"),
    /** See a task; object: the user it runs as. */
    VIEW_TASK("view_tasks"),
    /** See an executor; object: the user it runs as. */
    VIEW_EXECUTOR("view_executors"),
    /** Browse and read a sandbox; object: the user its task or executor runs as. */
    ACCESS_SANDBOX("access_sandboxes"),
    /** Register (or re-register) an agent; object: none. */
    REGISTER_AGENT("register_agents"),
    /** Mark an agent gone; object: none. */
    MARK_AGENT_GONE("mark_agents_gone"),
    /** Drain an agent; object: none. */
    DRAIN_AGENT("drain_agents"),
    /** Deactivate an agent; object: none. */
    DEACTIVATE_AGENT("deactivate_agents"),
    /** Read the operator API's flags (GET_FLAGS); object: none. */
    VIEW_FLAGS("view_flags"),
    /** Kill a container through the agent's operator API; object: the user it runs as. */
    KILL_NESTED_CONTAINER("kill_nested_containers"),
    /**
     * Subscribe to the operator event stream; object: none. Not a Mesos ACL (Mesos filters the stream's events by
     * the view ACLs only): the key is Agora's, and its implicit object is named {@code events}.
     */
    SUBSCRIBE_OPERATOR_EVENTS("subscribe_operator_events"),
    /** Reactivate a deactivated agent; object: none. */
    REACTIVATE_AGENT("reactivate_agents"),
    /** See a container (the agent's GET_CONTAINERS, {@code /containers}); object: the user its executor runs as. */
    VIEW_CONTAINER("view_containers"),
    /** Replace the maintenance schedule (UPDATE_MAINTENANCE_SCHEDULE); object: none. */
    UPDATE_MAINTENANCE_SCHEDULE("update_maintenance_schedules"),
    /** Read the maintenance schedule (GET_MAINTENANCE_SCHEDULE); object: none. */
    GET_MAINTENANCE_SCHEDULE("get_maintenance_schedules"),
    /** Bring machines down (START_MAINTENANCE); object: none. */
    START_MAINTENANCE("start_maintenances"),
    /** Bring machines up (STOP_MAINTENANCE); object: none. */
    STOP_MAINTENANCE("stop_maintenances"),
    /** Read the maintenance status (GET_MAINTENANCE_STATUS); object: none. */
    GET_MAINTENANCE_STATUS("get_maintenance_statuses");

    private final String aclName;

    Action(String aclName) {
        this.aclName = aclName;
    }

    /** The key of this action's ACLs in the ACL JSON, as Mesos names it. */
    public String aclName() {
        return aclName;
    }
}
