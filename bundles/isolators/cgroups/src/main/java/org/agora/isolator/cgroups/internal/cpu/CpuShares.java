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
package org.agora.isolator.cgroups.internal.cpu;

/** Mesos's arithmetic from a container's {@code cpus} to cgroup cpu settings. */
final class CpuShares {
    static final long SHARES_PER_CPU = 1024;
    static final long MIN_SHARES = 2;
    static final long MAX_SHARES = 262_144;
    /** The kernel refuses a quota under 1 ms; Mesos uses this floor too. */
    static final long MIN_QUOTA_US = 1_000;

    private CpuShares() {
    }

    /** v1 {@code cpu.shares}: 1024 per cpu, at least 2. */
    static long shares(double cpus) {
        return Math.min(MAX_SHARES, Math.max(MIN_SHARES, (long) (SHARES_PER_CPU * cpus)));
    }

    /** v2 {@code cpu.weight} (1..10000) for v1 shares, mapped as the kernel and runc/systemd do. */
    static long weight(long shares) {
        return 1 + ((shares - MIN_SHARES) * 9999) / (MAX_SHARES - MIN_SHARES);
    }

    /** The CFS quota for {@code cpus} over {@code periodUs}, at least {@link #MIN_QUOTA_US}. */
    static long quotaUs(double cpus, long periodUs) {
        return Math.max(MIN_QUOTA_US, (long) (cpus * periodUs));
    }
}
