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
