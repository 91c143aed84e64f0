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
package org.agora.security.acl.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.agora.api.security.Action;

/**
 * Every list of ACLs the ACL JSON may hold: Mesos's ({@code include/mesos/authorizer/acls.proto}, by their JSON
 * names) and Agora's own {@code subscribe_operator_events}. Each names the field of its objects and says how they
 * are matched. Lists for Mesos actions that Agora does not have are read and checked like the others, then
 * ignored (with a warning), so that a Mesos ACL file loads unchanged; a name in neither set is an error.
 */
enum AclKind {
    REGISTER_FRAMEWORKS("register_frameworks", "roles", Objects.ROLES, Action.REGISTER_FRAMEWORK),
    RUN_TASKS("run_tasks", "users", Objects.VALUES, Action.RUN_TASK),
    RESERVE_RESOURCES("reserve_resources", "roles", Objects.ROLES, Action.RESERVE_RESOURCES),
    UNRESERVE_RESOURCES("unreserve_resources", "reserver_principals", Objects.VALUES, Action.UNRESERVE_RESOURCES),
    CREATE_VOLUMES("create_volumes", "roles", Objects.ROLES, null),
    DESTROY_VOLUMES("destroy_volumes", "creator_principals", Objects.VALUES, null),
    RESIZE_VOLUMES("resize_volumes", "roles", Objects.ROLES, null),
    TEARDOWN_FRAMEWORKS("teardown_frameworks", "framework_principals", Objects.VALUES, Action.TEARDOWN_FRAMEWORK),
    UPDATE_WEIGHTS("update_weights", "roles", Objects.ROLES, Action.UPDATE_WEIGHT),
    GET_ENDPOINTS("get_endpoints", "paths", Objects.PATHS, Action.GET_ENDPOINT_WITH_PATH),
    GET_QUOTAS("get_quotas", "roles", Objects.ROLES, Action.GET_QUOTA),
    UPDATE_QUOTAS("update_quotas", "roles", Objects.ROLES, Action.UPDATE_QUOTA),
    VIEW_FRAMEWORKS("view_frameworks", "users", Objects.VALUES, Action.VIEW_FRAMEWORK),
    VIEW_TASKS("view_tasks", "users", Objects.VALUES, Action.VIEW_TASK),
    VIEW_EXECUTORS("view_executors", "users", Objects.VALUES, Action.VIEW_EXECUTOR),
    ACCESS_SANDBOXES("access_sandboxes", "users", Objects.VALUES, Action.ACCESS_SANDBOX),
    ACCESS_MESOS_LOGS("access_mesos_logs", "logs", Objects.IMPLICIT, null),
    VIEW_ROLES("view_roles", "roles", Objects.ROLES, Action.VIEW_ROLE),
    VIEW_FLAGS("view_flags", "flags", Objects.IMPLICIT, Action.VIEW_FLAGS),
    LAUNCH_NESTED_CONTAINERS_AS_USER("launch_nested_containers_as_user", "users", Objects.VALUES, null),
    LAUNCH_NESTED_CONTAINERS_UNDER_PARENT_WITH_USER("launch_nested_containers_under_parent_with_user", "users",
            Objects.VALUES, null),
    KILL_NESTED_CONTAINERS("kill_nested_containers", "users", Objects.VALUES, Action.KILL_NESTED_CONTAINER),
    WAIT_NESTED_CONTAINERS("wait_nested_containers", "users", Objects.VALUES, null),
    LAUNCH_NESTED_CONTAINER_SESSIONS_AS_USER("launch_nested_container_sessions_as_user", "users", Objects.VALUES,
            null),
    LAUNCH_NESTED_CONTAINER_SESSIONS_UNDER_PARENT_WITH_USER(
            "launch_nested_container_sessions_under_parent_with_user", "users", Objects.VALUES, null),
    ATTACH_CONTAINERS_INPUT("attach_containers_input", "users", Objects.VALUES, null),
    ATTACH_CONTAINERS_OUTPUT("attach_containers_output", "users", Objects.VALUES, null),
    VIEW_CONTAINERS("view_containers", "users", Objects.VALUES, Action.VIEW_CONTAINER),
    SET_LOG_LEVEL("set_log_level", "level", Objects.IMPLICIT, null),
    REMOVE_NESTED_CONTAINERS("remove_nested_containers", "users", Objects.VALUES, null),
    REGISTER_AGENTS("register_agents", "agents", Objects.IMPLICIT, Action.REGISTER_AGENT),
    UPDATE_MAINTENANCE_SCHEDULES("update_maintenance_schedules", "machines", Objects.IMPLICIT,
            Action.UPDATE_MAINTENANCE_SCHEDULE),
    GET_MAINTENANCE_SCHEDULES("get_maintenance_schedules", "machines", Objects.IMPLICIT,
            Action.GET_MAINTENANCE_SCHEDULE),
    START_MAINTENANCES("start_maintenances", "machines", Objects.IMPLICIT, Action.START_MAINTENANCE),
    STOP_MAINTENANCES("stop_maintenances", "machines", Objects.IMPLICIT, Action.STOP_MAINTENANCE),
    GET_MAINTENANCE_STATUSES("get_maintenance_statuses", "machines", Objects.IMPLICIT,
            Action.GET_MAINTENANCE_STATUS),
    DRAIN_AGENTS("drain_agents", "agents", Objects.IMPLICIT, Action.DRAIN_AGENT),
    DEACTIVATE_AGENTS("deactivate_agents", "agents", Objects.IMPLICIT, Action.DEACTIVATE_AGENT),
    REACTIVATE_AGENTS("reactivate_agents", "agents", Objects.IMPLICIT, Action.REACTIVATE_AGENT),
    MARK_AGENTS_GONE("mark_agents_gone", "agents", Objects.IMPLICIT, Action.MARK_AGENT_GONE),
    LAUNCH_STANDALONE_CONTAINERS("launch_standalone_containers", "users", Objects.IMPLICIT, null),
    KILL_STANDALONE_CONTAINERS("kill_standalone_containers", "users", Objects.IMPLICIT, null),
    WAIT_STANDALONE_CONTAINERS("wait_standalone_containers", "users", Objects.IMPLICIT, null),
    REMOVE_STANDALONE_CONTAINERS("remove_standalone_containers", "users", Objects.IMPLICIT, null),
    VIEW_STANDALONE_CONTAINERS("view_standalone_containers", "users", Objects.IMPLICIT, null),
    MODIFY_RESOURCE_PROVIDER_CONFIGS("modify_resource_provider_configs", "resource_providers", Objects.IMPLICIT,
            null),
    MARK_RESOURCE_PROVIDERS_GONE("mark_resource_providers_gone", "resource_providers", Objects.IMPLICIT, null),
    VIEW_RESOURCE_PROVIDERS("view_resource_providers", "resource_providers", Objects.IMPLICIT, null),
    PRUNE_IMAGES("prune_images", "images", Objects.IMPLICIT, null),
    CREATE_BLOCK_DISKS("create_block_disks", "roles", Objects.ROLES, null),
    DESTROY_BLOCK_DISKS("destroy_block_disks", "roles", Objects.ROLES, null),
    CREATE_MOUNT_DISKS("create_mount_disks", "roles", Objects.ROLES, null),
    DESTROY_MOUNT_DISKS("destroy_mount_disks", "roles", Objects.ROLES, null),
    DESTROY_RAW_DISKS("destroy_raw_disks", "roles", Objects.ROLES, null),
    /** Agora's: Mesos filters the operator stream by the view ACLs only. */
    SUBSCRIBE_OPERATOR_EVENTS("subscribe_operator_events", "events", Objects.IMPLICIT,
            Action.SUBSCRIBE_OPERATOR_EVENTS);

    /** How the objects of a kind of ACL are written and matched. */
    enum Objects {
        /** Names (users, principals), matched exactly. */
        VALUES,
        /** Role names, matched exactly, or a whole subtree with a value {@code parent/%} (Mesos 1.3+). */
        ROLES,
        /** HTTP paths, each one that Mesos (or Agora) authorizes with {@code get_endpoints}. */
        PATHS,
        /** Not named: the request's object is always ANY, so only {@code {"type": "ANY"}} or NONE make sense. */
        IMPLICIT
    }

    private static final Map<String, AclKind> BY_KEY = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(AclKind::key, Function.identity()));

    private final String key;
    private final String objectKey;
    private final Objects objects;
    private final Action action;

    AclKind(String key, String objectKey, Objects objects, Action action) {
        this.key = key;
        this.objectKey = objectKey;
        this.objects = objects;
        this.action = action;
    }

    /** The name of this list in the ACL JSON. */
    String key() {
        return key;
    }

    /** The field of an ACL that holds its objects ({@code roles}, {@code users}, ...). */
    String objectKey() {
        return objectKey;
    }

    Objects objects() {
        return objects;
    }

    /** The Agora action these ACLs govern; empty for Mesos actions Agora does not have. */
    Optional<Action> action() {
        return Optional.ofNullable(action);
    }

    static Optional<AclKind> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }
}
