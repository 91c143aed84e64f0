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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.agora.api.security.Action;
import org.agora.api.security.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AclParserTest {
    private static final String SOURCE = "ACL file /etc/agora/acls.json";

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("", "is empty"),
                Arguments.of("  \n", "is empty"),
                Arguments.of("{\"run_tasks\": [}", "is not valid JSON: line 1, column 16: syntax error"),
                Arguments.of("{\n  \"permissive\": false,\n  \"run_tasks\": [\n    {\"principals\": {\"type\": \"ANY\"}"
                        + " \"users\": {}}\n  ]\n}", "is not valid JSON: line 4, column 36"),
                Arguments.of("[]", "expected a JSON object of ACL lists, found an array"),
                Arguments.of("{\"permissive\": \"false\"}", "permissive: expected true or false, found a string"),
                Arguments.of("{\"permissive\": false, \"permissive\": true}", "the name 'permissive' occurs twice"),
                Arguments.of("{\"regster_frameworks\": []}",
                        "regster_frameworks: no such ACL list; did you mean 'register_frameworks'?"),
                Arguments.of("{\"run_task\": []}", "run_task: no such ACL list; did you mean 'run_tasks'?"),
                Arguments.of("{\"allow_everything\": []}", "allow_everything: no such ACL list (unknown names"),
                Arguments.of("{\"run_tasks\": {}}", "run_tasks: expected an array of ACLs, found an object"),
                Arguments.of("{\"run_tasks\": null}", "run_tasks: expected an array of ACLs, found null"),
                Arguments.of("{\"run_tasks\": [[]]}", "run_tasks[0]: expected an ACL object {\"principals\": {...}, "
                        + "\"users\": {...}}, found an array"),
                Arguments.of("{\"run_tasks\": [{\"principals\": {\"type\": \"ANY\"}}]}",
                        "run_tasks[0].users: missing"),
                Arguments.of("{\"run_tasks\": [{\"users\": {\"type\": \"ANY\"}}]}", "run_tasks[0].principals: missing"),
                Arguments.of("{\"run_tasks\": [{\"principal\": {\"type\": \"ANY\"}, \"users\": {\"type\": \"ANY\"}}]}",
                        "run_tasks[0]: unknown field 'principal'; run_tasks ACLs have 'principals' and 'users'"),
                Arguments.of("{\"register_frameworks\": [{\"principals\": {\"type\": \"ANY\"}, "
                        + "\"users\": {\"type\": \"ANY\"}}]}", "register_frameworks[0]: unknown field 'users'"),
                Arguments.of("{\"run_tasks\": [{\"principals\": \"alice\", \"users\": {\"type\": \"ANY\"}}]}",
                        "run_tasks[0].principals: expected an object such as {\"values\": [...]}"),
                Arguments.of("{\"teardown_frameworks\": [{\"principals\": {\"type\": \"admin\"}, "
                        + "\"framework_principals\": {\"type\": \"ANY\"}}]}",
                        "teardown_frameworks[0].principals.type: expected \"SOME\", \"ANY\" or \"NONE\", "
                                + "found 'admin'"),
                Arguments.of("{\"run_tasks\": [{\"principals\": {\"type\": \"any\"}, \"users\": {\"type\": \"ANY\"}}]}",
                        "run_tasks[0].principals.type: expected \"SOME\", \"ANY\" or \"NONE\", found 'any'"),
                Arguments.of("{\"run_tasks\": [{\"principals\": {\"type\": 1}, \"users\": {\"type\": \"ANY\"}}]}",
                        "run_tasks[0].principals.type: expected \"SOME\", \"ANY\" or \"NONE\", found a number"),
                Arguments.of("{\"run_tasks\": [{\"principals\": {\"value\": [\"a\"]}, "
                        + "\"users\": {\"type\": \"ANY\"}}]}",
                        "run_tasks[0].principals: unknown field 'value'; an entity has 'type' and 'values'"),
                Arguments.of("{\"run_tasks\": [{\"principals\": {\"values\": \"a\"}, \"users\": {\"type\": \"ANY\"}}]}",
                        "run_tasks[0].principals.values: expected an array of strings, found a string"),
                Arguments.of("{\"run_tasks\": [{\"principals\": {\"values\": [\"a\", 2]}, "
                        + "\"users\": {\"type\": \"ANY\"}}]}", "run_tasks[0].principals.values[1]: expected a string"),
                Arguments.of("{\"run_tasks\": [{\"principals\": {}, \"users\": {\"type\": \"ANY\"}}]}",
                        "run_tasks[0].principals: has no values, so it would never match"),
                Arguments.of("{\"run_tasks\": [{\"principals\": {\"values\": []}, \"users\": {\"type\": \"ANY\"}}]}",
                        "run_tasks[0].principals: has no values"),
                Arguments.of("{\"run_tasks\": [{\"principals\": {\"type\": \"SOME\"}, "
                        + "\"users\": {\"type\": \"ANY\"}}]}",
                        "run_tasks[0].principals: has no values"),
                Arguments.of("{\"run_tasks\": [{\"principals\": {\"type\": \"ANY\"}, "
                        + "\"users\": {\"type\": \"NONE\", \"values\": [\"root\"]}}]}",
                        "run_tasks[0].users: has values and type NONE"),
                Arguments.of("{\"register_agents\": [{\"principals\": {\"values\": [\"agent\"]}, "
                        + "\"agents\": {\"values\": [\"host1\"]}}]}",
                        "register_agents[0].agents: must be {\"type\": \"ANY\"} or {\"type\": \"NONE\"}: the object "
                                + "of register_agents is implicit"),
                Arguments.of("{\"view_flags\": [{\"principals\": {\"type\": \"ANY\"}, "
                        + "\"flags\": {\"values\": [\"x\"]}}]}",
                        "view_flags[0].flags: must be {\"type\": \"ANY\"} or {\"type\": \"NONE\"}"),
                Arguments.of("{\"set_log_level\": [{\"principals\": {\"type\": \"ANY\"}, "
                        + "\"level\": {\"values\": [\"1\"]}}]}", "set_log_level[0].level: must be"),
                Arguments.of("{\"get_endpoints\": [{\"principals\": {\"type\": \"ANY\"}, "
                        + "\"paths\": {\"values\": [\"/metrics/snapshot\", \"/master/state\"]}}]}",
                        "get_endpoints[0].paths: '/master/state' is not an authorizable path"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("malformed")
    void malformedAclsAreAnErrorNamingTheSourceThePlaceAndTheProblem(String json, String problem) {
        assertThatThrownBy(() -> AclParser.parse(SOURCE, json)).isInstanceOf(AclException.class)
                .hasMessageStartingWith(SOURCE + ": ").hasMessageContaining(problem);
    }

    @Test
    void damagedAclsAreRefusedWithAnAclExceptionAndNothingElse() {
        String valid = """
                {"permissive": false,
                 "register_frameworks": [{"principals": {"values": ["a"]}, "roles": {"values": ["x", "y/%"]}}],
                 "run_tasks": [{"principals": {"type": "ANY"}, "users": {"values": ["nobody"]}}],
                 "register_agents": [{"principals": {"values": ["agent"]}, "agents": {"type": "ANY"}}],
                 "get_endpoints": [{"principals": {"type": "NONE"}, "paths": {"values": ["/metrics/snapshot"]}}]}
                """;
        String alphabet = "{}[]\":,\\ \nanyANYNONE01e-.%/";
        Random random = new Random(11);
        int refused = 0;
        for (int i = 0; i < 5_000; i++) {
            StringBuilder damaged = new StringBuilder(valid);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(damaged.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> damaged.deleteCharAt(at);
                    case 1 -> damaged.insert(at, c);
                    default -> damaged.setCharAt(at, c);
                }
            }
            try {
                AclParser.parse(SOURCE, damaged.toString());
            } catch (AclException e) {
                assertThat(e.getMessage()).startsWith(SOURCE + ": ");
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(4_000);
    }

    @Test
    void anEmptyObjectIsPermissiveWithNoAcls() {
        Acls acls = AclParser.parse(SOURCE, "{}");

        assertThat(acls.permissive()).isTrue();
        assertThat(acls.count()).isZero();
        assertThat(acls.decide(Optional.empty(), Action.RUN_TASK, Optional.of("root")).allowed()).isTrue();
    }

    @Test
    void countsTheAclsAsWritten() {
        Acls acls = AclParser.parse(SOURCE, """
                {"permissive": false,
                 "register_frameworks": [{"principals": {"values": ["a"]}, "roles": {"values": ["x", "y/%", "z/%"]}}],
                 "run_tasks": [{"principals": {"type": "ANY"}, "users": {"values": ["nobody"]}},
                               {"principals": {"type": "ANY"}, "users": {"type": "NONE"}}]}
                """);

        assertThat(acls.permissive()).isFalse();
        assertThat(acls.count()).isEqualTo(3);
        assertThat(acls.ignored()).isEmpty();
    }

    @Test
    void listsForMesosActionsAgoraDoesNotHaveAreCheckedThenIgnored() {
        Acls acls = AclParser.parse(SOURCE, """
                {"create_volumes": [{"principals": {"values": ["a"]}, "roles": {"type": "NONE"}},
                                    {"principals": {"type": "ANY"}, "roles": {"type": "ANY"}}],
                 "prune_images": [{"principals": {"type": "ANY"}, "images": {"type": "NONE"}}],
                 "run_tasks": []}
                """);

        assertThat(acls.ignored()).isEqualTo(Map.of(AclKind.CREATE_VOLUMES, 2, AclKind.PRUNE_IMAGES, 1));
        assertThat(acls.count()).isZero();
        assertThatThrownBy(() -> AclParser.parse(SOURCE, "{\"prune_images\": [{\"principals\": {\"type\": \"ANY\"}, "
                + "\"images\": {\"values\": [\"busybox\"]}}]}"))
                .hasMessageContaining("prune_images[0].images: must be");
    }

    @Test
    void everyMesosAclListIsKnown() {
        // the lists of Mesos 1.x's ACLs message, by their JSON names
        String[] mesos = {"register_frameworks", "run_tasks", "reserve_resources", "unreserve_resources",
            "create_volumes", "destroy_volumes", "teardown_frameworks", "update_weights", "get_endpoints", "get_quotas",
            "update_quotas", "view_frameworks", "view_tasks", "view_executors", "access_sandboxes",
            "access_mesos_logs", "view_roles", "view_flags", "launch_nested_containers_as_user",
            "launch_nested_containers_under_parent_with_user", "kill_nested_containers", "wait_nested_containers",
            "launch_nested_container_sessions_as_user", "launch_nested_container_sessions_under_parent_with_user",
            "attach_containers_input", "attach_containers_output", "view_containers", "set_log_level",
            "remove_nested_containers", "register_agents", "update_maintenance_schedules",
            "get_maintenance_schedules", "start_maintenances", "stop_maintenances", "get_maintenance_statuses",
            "drain_agents", "deactivate_agents", "reactivate_agents", "mark_agents_gone",
            "launch_standalone_containers", "kill_standalone_containers", "wait_standalone_containers",
            "remove_standalone_containers", "view_standalone_containers", "modify_resource_provider_configs",
            "mark_resource_providers_gone", "view_resource_providers", "prune_images", "resize_volumes",
            "create_block_disks", "destroy_block_disks", "create_mount_disks", "destroy_mount_disks",
            "destroy_raw_disks"};
        StringBuilder json = new StringBuilder("{");
        for (String key : mesos) {
            json.append('"').append(key).append("\": [], ");
        }
        json.append("\"permissive\": true}");

        assertThat(AclParser.parse(SOURCE, json.toString()).permissive()).isTrue();
        assertThat(AclKind.values()).hasSize(mesos.length + 1); // and Agora's subscribe_operator_events
    }

    @Test
    void everyAuthorizablePathIsAccepted() {
        Acls acls = AclParser.parse(SOURCE, """
                {"permissive": false,
                 "get_endpoints": [{"principals": {"values": ["ops"]},
                                    "paths": {"values": ["/containers", "/containerizer/debug", "/files/debug",
                                      "/logging/toggle", "/metrics/snapshot", "/metrics/prometheus",
                                      "/monitor/statistics"]}}]}
                """);

        assertThat(acls.decide(Optional.of(new Principal("ops")), Action.GET_ENDPOINT_WITH_PATH,
                Optional.of("/metrics/prometheus")).allowed()).isTrue();
    }

    @Test
    void aDecisionNamesTheAclThatMadeIt() {
        Acls acls = AclParser.parse(SOURCE, """
                {"permissive": false,
                 "run_tasks": [{"principals": {"values": ["a"]}, "users": {"values": ["nobody"]}},
                               {"principals": {"type": "ANY"}, "users": {"type": "NONE"}}]}
                """);

        assertThat(acls.decide(Optional.of(new Principal("a")), Action.RUN_TASK, Optional.of("nobody")))
                .isEqualTo(new Acls.Decision(true, "run_tasks[0]"));
        assertThat(acls.decide(Optional.of(new Principal("a")), Action.RUN_TASK, Optional.of("root")))
                .isEqualTo(new Acls.Decision(false, "run_tasks[1]"));
        assertThat(acls.decide(Optional.of(new Principal("a")), Action.VIEW_TASK, Optional.of("root")))
                .isEqualTo(new Acls.Decision(false, "permissive"));
    }
}
