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
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.security.Action;
import org.agora.api.security.Principal;
import org.agora.security.acl.internal.AclKind.Objects;

/**
 * A loaded set of ACLs and the decisions of Mesos's local authorizer over them. Immutable and thread-safe; a
 * decision allocates little and never blocks.
 *
 * <p>The ACLs of the request's action are tried in the order written; the first whose subjects and objects both
 * {@linkplain Entity#matches match} the request decides, and allows it when its subjects and objects both
 * {@linkplain Entity#allows allow} the request's. When none matches, {@code permissive} decides. The request's
 * subject is the principal (SOME) or, for an anonymous caller, ANY; its object is the given value (SOME) or, when
 * none is given, ANY, and for actions with an implicit object always ANY.
 *
 * <p>For actions on roles, an ACL role value {@code parent/%} covers every role below {@code parent} (not
 * {@code parent} itself): such an ACL matches a request for a nested role whose subject it matches, and then allows
 * it exactly when its subjects allow the subject. It never matches a request for ANY role. (Mesos 1.x's
 * {@code LocalHierarchicalRoleApprover}.)
 */
final class Acls {
    /** What decided, for the log: the ACL ({@code run_tasks[1]}) or {@code "permissive"}. */
    record Decision(boolean allowed, String by) {
    }

    private static final Rule[] NO_RULES = new Rule[0];
    private static final Map<Action, AclKind> KINDS = new EnumMap<>(Action.class);

    static {
        for (AclKind kind : AclKind.values()) {
            kind.action().ifPresent(action -> KINDS.put(action, kind));
        }
    }

    private final boolean permissive;
    private final Map<Action, Rule[]> rules;
    private final Map<AclKind, Integer> ignored;
    private final int count;

    /**
     * @param rules   by action, in the order written, role ACLs already split as {@link Rule} says
     * @param ignored how many ACLs each list for a Mesos action that Agora does not have held
     * @param count   how many ACLs (as written) govern Agora actions
     */
    Acls(boolean permissive, Map<Action, List<Rule>> rules, EnumMap<AclKind, Integer> ignored, int count) {
        this.permissive = permissive;
        Map<Action, Rule[]> copy = new EnumMap<>(Action.class);
        rules.forEach((action, list) -> copy.put(action, list.toArray(new Rule[0])));
        this.rules = copy;
        this.ignored = Collections.unmodifiableMap(new EnumMap<>(ignored));
        this.count = count;
    }

    /** The list of ACLs that governs {@code action}; every action has one (a test holds {@link AclKind} to it). */
    static AclKind kindOf(Action action) {
        AclKind kind = KINDS.get(action);
        if (kind == null) {
            throw new IllegalStateException("no ACL list governs action " + action);
        }
        return kind;
    }

    boolean permissive() {
        return permissive;
    }

    /** How many ACLs, as written, govern Agora actions. */
    int count() {
        return count;
    }

    /** Lists for Mesos actions that Agora does not have, with how many ACLs each held. */
    Map<AclKind, Integer> ignored() {
        return ignored;
    }

    Decision decide(Optional<Principal> subject, Action action, Optional<String> object) {
        AclKind kind = kindOf(action);
        Entity s = subject.isPresent() ? Entity.some(subject.get().value()) : Entity.ANY;
        Entity o = kind.objects() == Objects.IMPLICIT || object.isEmpty() ? Entity.ANY : Entity.some(object.get());
        Rule[] list = rules.getOrDefault(action, NO_RULES);
        return kind.objects() == Objects.ROLES ? decideForRoles(list, s, o) : decide(list, s, o);
    }

    private Decision decide(Rule[] list, Entity subject, Entity object) {
        for (Rule rule : list) {
            if (subject.matches(rule.subjects()) && object.matches(rule.objects())) {
                return new Decision(subject.allows(rule.subjects()) && object.allows(rule.objects()), rule.source());
            }
        }
        return new Decision(permissive, "permissive");
    }

    private Decision decideForRoles(Rule[] list, Entity subject, Entity object) {
        for (Rule rule : list) {
            if (!rule.recursive()) {
                if (subject.matches(rule.subjects()) && object.matches(rule.objects())) {
                    return new Decision(subject.allows(rule.subjects()) && object.allows(rule.objects()),
                            rule.source());
                }
            } else if (object.type() == Entity.Type.SOME && nested(rule.objects().values().get(0),
                    object.values().get(0))) {
                // the role is below the ACL's subtree: as far as objects go, the ACL holds ANY role
                if (subject.matches(rule.subjects()) && object.matches(Entity.ANY)) {
                    return new Decision(subject.allows(rule.subjects()) && object.allows(Entity.ANY),
                            rule.source());
                }
            }
        }
        return new Decision(permissive, "permissive");
    }

    /** Whether {@code role} lies below {@code subtree} ({@code "eng/%"}): {@code eng/web}, not {@code eng}. */
    private static boolean nested(String subtree, String role) {
        return role.startsWith(subtree.substring(0, subtree.length() - 1));
    }

    @Override
    public String toString() {
        return "Acls[permissive=" + permissive + ", rules=" + rules.entrySet().stream()
                .map(e -> e.getKey() + "=" + Arrays.toString(e.getValue())).toList() + "]";
    }
}
