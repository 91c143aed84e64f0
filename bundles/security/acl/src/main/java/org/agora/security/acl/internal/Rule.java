package org.agora.security.acl.internal;

/**
 * One ACL of an action, as Mesos's local authorizer holds it ({@code GenericACL}): who, what, and where it was
 * written ({@code source}, e.g. {@code register_frameworks[2]}) so that a decision can say which ACL made it. An
 * ACL whose roles mix recursive values ({@code eng/%}) with plain ones is held as several rules with one source.
 */
record Rule(Entity subjects, Entity objects, String source) {

    /** A role ACL for a whole subtree: exactly one value, ending in {@code /%}. */
    boolean recursive() {
        return objects.type() == Entity.Type.SOME && objects.values().size() == 1
                && objects.values().get(0).endsWith("/%");
    }
}
