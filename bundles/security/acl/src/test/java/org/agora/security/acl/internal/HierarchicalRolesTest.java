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

import static org.agora.security.acl.internal.MesosExamplesTest.allowed;
import static org.assertj.core.api.Assertions.assertThat;

import org.agora.api.security.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Role ACLs for a subtree ({@code parent/%}), as Mesos 1.x's hierarchical role approver treats them. */
class HierarchicalRolesTest {

    @ParameterizedTest
    @EnumSource(value = Action.class, names = {"REGISTER_FRAMEWORK", "RESERVE_RESOURCES", "UPDATE_QUOTA",
        "UPDATE_WEIGHT", "GET_QUOTA", "VIEW_ROLE"})
    void aSubtreeCoversEveryRoleBelowItsParentButNotTheParent(Action action) {
        Acls acls = parse("{\"permissive\": false, \"" + action.aclName() + "\": [{\"principals\": {\"values\": "
                + "[\"alice\"]}, \"roles\": {\"values\": [\"eng/%\"]}}]}");

        assertThat(allowed(acls, "alice", action, "eng/web")).isTrue();
        assertThat(allowed(acls, "alice", action, "eng/web/api")).isTrue();
        assertThat(allowed(acls, "alice", action, "eng")).isFalse();
        assertThat(allowed(acls, "alice", action, "engineering")).isFalse();
        assertThat(allowed(acls, "alice", action, "ops/eng")).isFalse();
        assertThat(allowed(acls, "alice", action, null)).as("a subtree never matches ANY role").isFalse();
        assertThat(allowed(acls, "bob", action, "eng/web")).isFalse();
        assertThat(allowed(acls, null, action, "eng/web")).isFalse();
    }

    @Test
    void plainAndSubtreeValuesMixInOneAcl() {
        Acls acls = parse("""
                {"permissive": false, "register_frameworks": [
                   {"principals": {"values": ["alice"]}, "roles": {"values": ["eng", "ops/%", "web"]}}]}
                """);

        assertThat(allowed(acls, "alice", Action.REGISTER_FRAMEWORK, "eng")).isTrue();
        assertThat(allowed(acls, "alice", Action.REGISTER_FRAMEWORK, "web")).isTrue();
        assertThat(allowed(acls, "alice", Action.REGISTER_FRAMEWORK, "ops/db")).isTrue();
        assertThat(allowed(acls, "alice", Action.REGISTER_FRAMEWORK, "ops")).isFalse();
        assertThat(allowed(acls, "alice", Action.REGISTER_FRAMEWORK, "eng/web")).isFalse();
    }

    @Test
    void aSubtreeDeniedToEveryoneElse() {
        Acls acls = parse("""
                {"reserve_resources": [
                   {"principals": {"values": ["alice"]}, "roles": {"values": ["eng/%"]}},
                   {"principals": {"type": "NONE"}, "roles": {"values": ["eng/%"]}}]}
                """);

        assertThat(allowed(acls, "alice", Action.RESERVE_RESOURCES, "eng/web")).isTrue();
        assertThat(allowed(acls, "bob", Action.RESERVE_RESOURCES, "eng/web")).isFalse();
        assertThat(allowed(acls, null, Action.RESERVE_RESOURCES, "eng/web")).isFalse();
        assertThat(allowed(acls, "bob", Action.RESERVE_RESOURCES, "eng")).as("not in the subtree: permissive")
                .isTrue();
        assertThat(allowed(acls, "bob", Action.RESERVE_RESOURCES, "ops")).isTrue();
    }

    @Test
    void anEarlierAclStillDecidesBeforeASubtree() {
        Acls acls = parse("""
                {"permissive": false, "update_quotas": [
                   {"principals": {"values": ["bob"]}, "roles": {"type": "NONE"}},
                   {"principals": {"type": "ANY"}, "roles": {"values": ["eng/%"]}}]}
                """);

        assertThat(allowed(acls, "bob", Action.UPDATE_QUOTA, "eng/web")).isFalse();
        assertThat(allowed(acls, "carol", Action.UPDATE_QUOTA, "eng/web")).isTrue();
        assertThat(allowed(acls, null, Action.UPDATE_QUOTA, "eng/web")).as("ANY subjects take anonymous callers")
                .isTrue();
    }

    @Test
    void aSubtreeAclWhoseSubjectsDoNotMatchIsPassedOver() {
        Acls acls = parse("""
                {"permissive": false, "view_roles": [
                   {"principals": {"values": ["alice"]}, "roles": {"values": ["eng/%"]}},
                   {"principals": {"type": "ANY"}, "roles": {"type": "ANY"}}]}
                """);

        assertThat(allowed(acls, "bob", Action.VIEW_ROLE, "eng/web")).isTrue();
        assertThat(allowed(acls, "bob", Action.VIEW_ROLE, null)).isTrue();
    }

    @Test
    void outsideRoleActionsASlashPercentValueIsAPlainName() {
        Acls acls = parse("""
                {"permissive": false, "run_tasks": [
                   {"principals": {"type": "ANY"}, "users": {"values": ["eng/%"]}}]}
                """);

        assertThat(allowed(acls, "alice", Action.RUN_TASK, "eng/web")).isFalse();
        assertThat(allowed(acls, "alice", Action.RUN_TASK, "eng/%")).isTrue();
    }

    private static Acls parse(String json) {
        return AclParser.parse("test", json);
    }
}
