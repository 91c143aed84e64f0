package org.agora.allocator.drf.internal;

import java.util.Arrays;

/**
 * A role's quota (QUOTA_V2) by scalar-name number: guarantees (0 where none) and limits ({@link Long#MAX_VALUE} where
 * unlimited), in thousandths.
 */
record Quota(long[] guarantees, long[] limits) {

    long guarantee(int i) {
        return i < guarantees.length ? guarantees[i] : 0;
    }

    long limit(int i) {
        return i < limits.length ? limits[i] : Long.MAX_VALUE;
    }

    boolean hasGuarantees() {
        return Arrays.stream(guarantees).anyMatch(g -> g > 0);
    }

    boolean hasLimits() {
        return Arrays.stream(limits).anyMatch(l -> l != Long.MAX_VALUE);
    }
}
