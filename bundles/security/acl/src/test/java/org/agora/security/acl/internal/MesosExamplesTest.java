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

import java.util.Optional;
import org.agora.api.security.Action;
import org.agora.api.security.Principal;
import org.junit.jupiter.api.Test;

/** The examples of Mesos's authorization documentation, each with the behaviour its text promises. */
class MesosExamplesTest {

    @Test
    void onlyFooRegistersInAnalyticsAndEveryoneRegistersElsewhere() {
        Acls acls = parse("""
                {"register_frameworks": [
                   {"principals": {"values": ["foo"]}, "roles": {"values": ["analytics"]}},
                   {"principals": {"type": "NONE"}, "roles": {"values": ["analytics"]}}]}
                """);

        assertThat(allowed(acls, "foo", Action.REGISTER_FRAMEWORK, "analytics")).isTrue();
        assertThat(allowed(acls, "foo", Action.REGISTER_FRAMEWORK, "ads")).isTrue();
        assertThat(allowed(acls, "bar", Action.REGISTER_FRAMEWORK, "analytics")).isFalse();
        assertThat(allowed(acls, "bar", Action.REGISTER_FRAMEWORK, "ads")).isTrue();
        assertThat(allowed(acls, null, Action.REGISTER_FRAMEWORK, "analytics")).isFalse();
        assertThat(allowed(acls, null, Action.REGISTER_FRAMEWORK, "ads")).isTrue();
    }

    @Test
    void fooRegistersInAnalyticsAndAdsOnlyAndOthersAnywhere() {
        Acls acls = parse("""
                {"register_frameworks": [
                   {"principals": {"values": ["foo"]}, "roles": {"values": ["analytics", "ads"]}},
                   {"principals": {"values": ["foo"]}, "roles": {"type": "NONE"}}]}
                """);

        assertThat(allowed(acls, "foo", Action.REGISTER_FRAMEWORK, "analytics")).isTrue();
        assertThat(allowed(acls, "foo", Action.REGISTER_FRAMEWORK, "ads")).isTrue();
        assertThat(allowed(acls, "foo", Action.REGISTER_FRAMEWORK, "*")).isFalse();
        assertThat(allowed(acls, "bar", Action.REGISTER_FRAMEWORK, "analytics")).isTrue();
        assertThat(allowed(acls, null, Action.REGISTER_FRAMEWORK, "web")).isTrue();
    }

    @Test
    void withPermissiveFalseOnlyFooRegistersAndOnlyInAnalytics() {
        Acls acls = parse("""
                {"permissive": false, "register_frameworks": [
                   {"principals": {"values": ["foo"]}, "roles": {"values": ["analytics"]}}]}
                """);

        assertThat(allowed(acls, "foo", Action.REGISTER_FRAMEWORK, "analytics")).isTrue();
        assertThat(allowed(acls, "foo", Action.REGISTER_FRAMEWORK, "*")).isFalse();
        assertThat(allowed(acls, "bar", Action.REGISTER_FRAMEWORK, "*")).isFalse();
        assertThat(allowed(acls, null, Action.REGISTER_FRAMEWORK, "analytics")).isFalse();
    }

    @Test
    void anyPrincipalRunsTasksAsGuestOrBarOnly() {
        Acls acls = parse("""
                {"permissive": false, "run_tasks": [
                   {"principals": {"type": "ANY"}, "users": {"values": ["guest", "bar"]}}]}
                """);

        assertThat(allowed(acls, "foo", Action.RUN_TASK, "guest")).isTrue();
        assertThat(allowed(acls, "baz", Action.RUN_TASK, "bar")).isTrue();
        assertThat(allowed(acls, null, Action.RUN_TASK, "guest")).isTrue();
        assertThat(allowed(acls, "foo", Action.RUN_TASK, "root")).isFalse();
    }

    @Test
    void fooAndBarRunTasksAsAliceOnlyAndNoOneElseRunsTasks() {
        Acls acls = parse("""
                {"permissive": false, "run_tasks": [
                   {"principals": {"values": ["foo", "bar"]}, "users": {"values": ["alice"]}}]}
                """);

        assertThat(allowed(acls, "foo", Action.RUN_TASK, "alice")).isTrue();
        assertThat(allowed(acls, "bar", Action.RUN_TASK, "alice")).isTrue();
        assertThat(allowed(acls, "foo", Action.RUN_TASK, "root")).isFalse();
        assertThat(allowed(acls, "baz", Action.RUN_TASK, "alice")).isFalse();
        assertThat(allowed(acls, null, Action.RUN_TASK, "alice")).isFalse();
    }

    @Test
    void fooRunsTasksAsGuestOnlyAndOthersAsAnyone() {
        Acls acls = parse("""
                {"run_tasks": [
                   {"principals": {"values": ["foo"]}, "users": {"values": ["guest"]}},
                   {"principals": {"values": ["foo"]}, "users": {"type": "NONE"}}]}
                """);

        assertThat(allowed(acls, "foo", Action.RUN_TASK, "guest")).isTrue();
        assertThat(allowed(acls, "foo", Action.RUN_TASK, "root")).isFalse();
        assertThat(allowed(acls, "bar", Action.RUN_TASK, "root")).isTrue();
        assertThat(allowed(acls, null, Action.RUN_TASK, "root")).isTrue();
    }

    @Test
    void noPrincipalRunsTasksAsRoot() {
        Acls acls = parse("""
                {"run_tasks": [{"principals": {"type": "NONE"}, "users": {"values": ["root"]}}]}
                """);

        assertThat(allowed(acls, "foo", Action.RUN_TASK, "root")).isFalse();
        assertThat(allowed(acls, null, Action.RUN_TASK, "root")).isFalse();
        assertThat(allowed(acls, "foo", Action.RUN_TASK, "nobody")).isTrue();
    }

    @Test
    void theFirstMatchingAclDecidesSoOrderMatters() {
        Acls denyFirst = parse("""
                {"teardown_frameworks": [
                   {"principals": {"type": "NONE"}, "framework_principals": {"type": "ANY"}},
                   {"principals": {"values": ["admin"]}, "framework_principals": {"type": "ANY"}}]}
                """);
        Acls allowFirst = parse("""
                {"teardown_frameworks": [
                   {"principals": {"values": ["admin"]}, "framework_principals": {"type": "ANY"}},
                   {"principals": {"type": "NONE"}, "framework_principals": {"type": "ANY"}}]}
                """);

        assertThat(allowed(denyFirst, "admin", Action.TEARDOWN_FRAMEWORK, "marathon")).isFalse();
        assertThat(allowed(allowFirst, "admin", Action.TEARDOWN_FRAMEWORK, "marathon")).isTrue();
        assertThat(allowed(allowFirst, "admin", Action.TEARDOWN_FRAMEWORK, null)).isTrue();
        assertThat(allowed(allowFirst, "ops", Action.TEARDOWN_FRAMEWORK, "marathon")).isFalse();
        assertThat(allowed(allowFirst, null, Action.TEARDOWN_FRAMEWORK, "marathon")).isFalse();
    }

    @Test
    void fooReservesForAnyRoleAndNoOneElseDoes() {
        Acls acls = parse("""
                {"permissive": false, "reserve_resources": [
                   {"principals": {"values": ["foo"]}, "roles": {"type": "ANY"}}]}
                """);

        assertThat(allowed(acls, "foo", Action.RESERVE_RESOURCES, "prod")).isTrue();
        assertThat(allowed(acls, "foo", Action.RESERVE_RESOURCES, null)).isTrue();
        assertThat(allowed(acls, "bar", Action.RESERVE_RESOURCES, "prod")).isFalse();
    }

    @Test
    void fooCannotReserveAndOthersReserveForAnyRole() {
        Acls acls = parse("""
                {"reserve_resources": [{"principals": {"values": ["foo"]}, "roles": {"type": "NONE"}}]}
                """);

        assertThat(allowed(acls, "foo", Action.RESERVE_RESOURCES, "prod")).isFalse();
        assertThat(allowed(acls, "bar", Action.RESERVE_RESOURCES, "prod")).isTrue();
        assertThat(allowed(acls, null, Action.RESERVE_RESOURCES, "prod")).isTrue();
    }

    @Test
    void fooUnreservesItsOwnAndBarsAndBarOnlyItsOwn() {
        Acls acls = parse("""
                {"permissive": false, "unreserve_resources": [
                   {"principals": {"values": ["foo"]}, "reserver_principals": {"values": ["foo", "bar"]}},
                   {"principals": {"values": ["bar"]}, "reserver_principals": {"values": ["bar"]}}]}
                """);

        assertThat(allowed(acls, "foo", Action.UNRESERVE_RESOURCES, "foo")).isTrue();
        assertThat(allowed(acls, "foo", Action.UNRESERVE_RESOURCES, "bar")).isTrue();
        assertThat(allowed(acls, "bar", Action.UNRESERVE_RESOURCES, "bar")).isTrue();
        assertThat(allowed(acls, "bar", Action.UNRESERVE_RESOURCES, "foo")).isFalse();
        assertThat(allowed(acls, "baz", Action.UNRESERVE_RESOURCES, "baz")).isFalse();
    }

    @Test
    void anAnonymousCallerIsNeverOneOfANamedList() {
        Acls acls = parse("""
                {"permissive": true, "view_frameworks": [
                   {"principals": {"values": ["", "*", "anonymous"]}, "users": {"type": "NONE"}}]}
                """);

        assertThat(allowed(acls, null, Action.VIEW_FRAMEWORK, "root")).isTrue();
        assertThat(allowed(acls, "anonymous", Action.VIEW_FRAMEWORK, "root")).isFalse();
        assertThat(allowed(acls, "*", Action.VIEW_FRAMEWORK, "root")).isFalse();
    }

    private static Acls parse(String json) {
        return AclParser.parse("test", json);
    }

    static boolean allowed(Acls acls, String subject, Action action, String object) {
        return acls.decide(Optional.ofNullable(subject).map(Principal::new), action, Optional.ofNullable(object))
                .allowed();
    }
}
