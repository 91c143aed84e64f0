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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.agora.api.security.Action;
import org.agora.api.security.Principal;
import org.agora.security.acl.internal.AclKind.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table of requests per kind of action, run against every action of that kind with the action's own ACL list
 * and object field: the decisions follow from Mesos's match and allow matrices, first match deciding, and
 * {@code permissive} when nothing matches. Worked out by hand in the comments.
 */
class DecisionTableTest {

    /** Subject (null: anonymous), object (null: ANY), allowed when permissive is false, allowed when true. */
    private record Row(String subject, String object, boolean strict, boolean permissive) {
    }

    // ACLs, in order:
    //   [0] alice may X              [1] alice may nothing else    [2] bob may anything
    //   [3] nobody else may Y        [4] anyone may X
    private static final List<Row> NAMED_OBJECTS = List.of(
            new Row("alice", "X", true, true),    // [0]
            new Row("alice", "Y", false, false),  // [1]: SOME object matches NONE, not allowed
            new Row("alice", null, false, false), // [0] skipped (ANY object vs SOME), [1]: ANY matches NONE, denied
            new Row("bob", "X", true, true),      // [2]
            new Row("bob", "Y", true, true),      // [2]
            new Row("bob", null, true, true),     // [2]: ANY object vs ANY
            new Row("carol", "X", true, true),    // [3] skipped (X is not Y), [4]
            new Row("carol", "Y", false, false),  // [3]: carol matches NONE subjects, not allowed
            new Row("carol", "Z", false, true),   // nothing matches: permissive
            new Row("carol", null, false, true),  // [3], [4] skipped (ANY object vs SOME): permissive
            new Row(null, "X", true, true),       // [0]-[2] skipped (ANY subject vs SOME), [3] skipped, [4]: ANY/ANY
            new Row(null, "Y", false, false),     // [3]: an anonymous subject matches NONE subjects, not allowed
            new Row(null, "Z", false, true),      // nothing matches: permissive
            new Row(null, null, false, true));    // [3], [4] skipped: permissive

    // ACLs, in order: [0] alice may   [1] bob may not
    private static final List<Row> IMPLICIT_OBJECTS = List.of(
            new Row("alice", null, true, true),   // [0]: the object is always ANY
            new Row("alice", "X", true, true),    // a given object is ignored
            new Row("bob", null, false, false),   // [1]: ANY object matches NONE, not allowed
            new Row("bob", "X", false, false),
            new Row("carol", null, false, true),  // nothing matches: permissive
            new Row(null, null, false, true));    // an anonymous subject matches neither: permissive

    // ACLs: [0] alice may, [1] nobody else may: everyone but alice is denied whatever permissive says
    private static final List<Row> IMPLICIT_WITH_NONE = List.of(
            new Row("alice", null, true, true),
            new Row("carol", null, false, false), // [1]: carol matches NONE subjects
            new Row(null, null, false, false));   // [1]: so does an anonymous subject

    static Stream<Arguments> namedObjects() {
        List<Arguments> cases = new ArrayList<>();
        for (Action action : actions(false)) {
            AclKind kind = Acls.kindOf(action);
            String x = kind.objects() == Objects.PATHS ? "/metrics/snapshot" : "X";
            String y = kind.objects() == Objects.PATHS ? "/files/debug" : "Y";
            String z = kind.objects() == Objects.PATHS ? "/logging/toggle" : "Z";
            String acls = "\"" + kind.key() + "\": ["
                    + acl("{\"values\": [\"alice\"]}", kind, "{\"values\": [\"" + x + "\"]}") + ", "
                    + acl("{\"values\": [\"alice\"]}", kind, "{\"type\": \"NONE\"}") + ", "
                    + acl("{\"values\": [\"bob\"]}", kind, "{\"type\": \"ANY\"}") + ", "
                    + acl("{\"type\": \"NONE\"}", kind, "{\"values\": [\"" + y + "\"]}") + ", "
                    + acl("{\"type\": \"ANY\"}", kind, "{\"values\": [\"" + x + "\"]}") + "]";
            for (Row row : NAMED_OBJECTS) {
                String object = row.object() == null ? null
                        : row.object().replace("X", x).replace("Y", y).replace("Z", z);
                cases.add(Arguments.of(action, acls, new Row(row.subject(), object, row.strict(), row.permissive())));
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> implicitObjects() {
        List<Arguments> cases = new ArrayList<>();
        for (Action action : actions(true)) {
            AclKind kind = Acls.kindOf(action);
            String acls = "\"" + kind.key() + "\": ["
                    + acl("{\"values\": [\"alice\"]}", kind, "{\"type\": \"ANY\"}") + ", "
                    + acl("{\"values\": [\"bob\"]}", kind, "{\"type\": \"NONE\"}") + "]";
            IMPLICIT_OBJECTS.forEach(row -> cases.add(Arguments.of(action, acls, row)));
            String withNone = "\"" + kind.key() + "\": ["
                    + acl("{\"values\": [\"alice\"]}", kind, "{\"type\": \"ANY\"}") + ", "
                    + acl("{\"type\": \"NONE\"}", kind, "{\"type\": \"ANY\"}") + "]";
            IMPLICIT_WITH_NONE.forEach(row -> cases.add(Arguments.of(action, withNone, row)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource({"namedObjects", "implicitObjects"})
    void decidesAsMesossLocalAuthorizer(Action action, String acls, Row row) {
        Optional<Principal> subject = Optional.ofNullable(row.subject()).map(Principal::new);
        Optional<String> object = Optional.ofNullable(row.object());

        assertThat(decide("{\"permissive\": false, " + acls + "}", subject, action, object))
                .as("permissive false").isEqualTo(row.strict());
        assertThat(decide("{\"permissive\": true, " + acls + "}", subject, action, object))
                .as("permissive true").isEqualTo(row.permissive());
        assertThat(decide("{" + acls + "}", subject, action, object))
                .as("permissive left out (Mesos's default: true)").isEqualTo(row.permissive());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyAction")
    void withNoAclsPermissiveDecidesEveryRequest(Action action) {
        for (Optional<Principal> subject : List.of(Optional.<Principal>empty(), Optional.of(new Principal("a")))) {
            for (Optional<String> object : List.of(Optional.<String>empty(), Optional.of("/metrics/snapshot"))) {
                assertThat(decide("{\"permissive\": false}", subject, action, object)).isFalse();
                assertThat(decide("{\"permissive\": true}", subject, action, object)).isTrue();
                assertThat(decide("{}", subject, action, object)).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyAction")
    void theAclsOfOneActionDoNotDecideAnother(Action action) {
        String other = action == Action.RUN_TASK ? "view_tasks" : "run_tasks";
        String denyAll = "{\"permissive\": true, \"" + other + "\": [{\"principals\": {\"type\": \"ANY\"}, \"users\": "
                + "{\"type\": \"NONE\"}}]}";

        assertThat(decide(denyAll, Optional.of(new Principal("a")), action, Optional.of("/metrics/snapshot")))
                .isTrue();
    }

    static Stream<Action> everyAction() {
        return Arrays.stream(Action.values());
    }

    private static List<Action> actions(boolean implicit) {
        return Arrays.stream(Action.values())
                .filter(a -> (Acls.kindOf(a).objects() == Objects.IMPLICIT) == implicit).toList();
    }

    private static String acl(String principals, AclKind kind, String objects) {
        return "{\"principals\": " + principals + ", \"" + kind.objectKey() + "\": " + objects + "}";
    }

    private static boolean decide(String json, Optional<Principal> subject, Action action, Optional<String> object) {
        return AclParser.parse("test", json).decide(subject, action, object).allowed();
    }
}
