package org.agora.images.internal.registry;

/** A registry token and when it stops being good (with a margin, so it is not used in its last seconds). */
record BearerToken(String token, long expiresAtNanos) {
    boolean valid() {
        return System.nanoTime() < expiresAtNanos;
    }

    @Override
    public String toString() {
        return "BearerToken[...]";
    }
}
