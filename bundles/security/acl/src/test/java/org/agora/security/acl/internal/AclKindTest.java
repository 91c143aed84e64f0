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

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.agora.api.security.Action;
import org.agora.security.acl.internal.AclKind.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AclKindTest {

    @ParameterizedTest
    @EnumSource(Action.class)
    void everyActionIsGovernedByTheListItsAclNameNames(Action action) {
        AclKind kind = Acls.kindOf(action);

        assertThat(kind.key()).isEqualTo(action.aclName());
        assertThat(kind.action()).contains(action);
    }

    @Test
    void noTwoListsGovernOneAction() {
        Map<Action, List<AclKind>> byAction = Arrays.stream(AclKind.values()).filter(k -> k.action().isPresent())
                .collect(Collectors.groupingBy(k -> k.action().get()));

        assertThat(byAction).allSatisfy((action, kinds) -> assertThat(kinds).hasSize(1));
        assertThat(byAction).hasSize(Action.values().length);
    }

    @Test
    void objectsAreTheFieldsMesosNames() {
        assertThat(AclKind.REGISTER_FRAMEWORKS.objectKey()).isEqualTo("roles");
        assertThat(AclKind.RUN_TASKS.objectKey()).isEqualTo("users");
        assertThat(AclKind.TEARDOWN_FRAMEWORKS.objectKey()).isEqualTo("framework_principals");
        assertThat(AclKind.UNRESERVE_RESOURCES.objectKey()).isEqualTo("reserver_principals");
        assertThat(AclKind.DESTROY_VOLUMES.objectKey()).isEqualTo("creator_principals");
        assertThat(AclKind.GET_ENDPOINTS.objectKey()).isEqualTo("paths");
        assertThat(AclKind.VIEW_FLAGS.objectKey()).isEqualTo("flags");
        assertThat(AclKind.ACCESS_MESOS_LOGS.objectKey()).isEqualTo("logs");
        assertThat(AclKind.SET_LOG_LEVEL.objectKey()).isEqualTo("level");
        assertThat(AclKind.REGISTER_AGENTS.objectKey()).isEqualTo("agents");
        assertThat(AclKind.START_MAINTENANCES.objectKey()).isEqualTo("machines");
        assertThat(AclKind.PRUNE_IMAGES.objectKey()).isEqualTo("images");
        assertThat(AclKind.VIEW_RESOURCE_PROVIDERS.objectKey()).isEqualTo("resource_providers");
    }

    @Test
    void rolesAreHierarchicalForTheActionsMesosTreatsSo() {
        List<Action> roleActions = Arrays.stream(Action.values())
                .filter(a -> Acls.kindOf(a).objects() == Objects.ROLES).toList();

        assertThat(roleActions).containsExactlyInAnyOrder(Action.REGISTER_FRAMEWORK, Action.RESERVE_RESOURCES,
                Action.UPDATE_QUOTA, Action.UPDATE_WEIGHT, Action.GET_QUOTA, Action.VIEW_ROLE);
    }

    @Test
    void objectsAreImplicitForTheActionsMesosTreatsSo() {
        List<Action> implicit = Arrays.stream(Action.values())
                .filter(a -> Acls.kindOf(a).objects() == Objects.IMPLICIT).toList();

        assertThat(implicit).containsExactlyInAnyOrder(Action.REGISTER_AGENT, Action.MARK_AGENT_GONE,
                Action.DRAIN_AGENT, Action.DEACTIVATE_AGENT, Action.REACTIVATE_AGENT, Action.VIEW_FLAGS,
                Action.SUBSCRIBE_OPERATOR_EVENTS, Action.UPDATE_MAINTENANCE_SCHEDULE, Action.GET_MAINTENANCE_SCHEDULE,
                Action.START_MAINTENANCE, Action.STOP_MAINTENANCE, Action.GET_MAINTENANCE_STATUS);
    }

    @Test
    void keysAreFoundByName() {
        assertThat(AclKind.byKey("register_frameworks")).contains(AclKind.REGISTER_FRAMEWORKS);
        assertThat(AclKind.byKey("register_framework")).isEmpty();
        assertThat(Arrays.stream(AclKind.values()).map(AclKind::key).distinct().count())
                .isEqualTo(AclKind.values().length);
    }
}
