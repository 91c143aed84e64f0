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
package org.agora.isolator.cgroups.internal.hierarchy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Kills every process in a cgroup, however it forked, and waits until the cgroup is empty. Processes that fork while
 * being killed are why this is more than one pass of SIGKILL: on v2 the kernel does it atomically
 * ({@code cgroup.kill}, Linux 5.14); on a v1 freezer cgroup the processes are frozen, killed and thawed (as Mesos
 * does), so none can fork in between; elsewhere SIGKILL is repeated until {@code cgroup.procs} stays empty.
 */
public final class CgroupKiller {
    private static final long SELF = ProcessHandle.current().pid();

    private CgroupKiller() {
    }

    /**
     * @return how many distinct processes were sent SIGKILL (those killed by {@code cgroup.kill} are not seen and
     *     count as the processes present just before)
     * @throws CgroupException when processes remain after {@code timeout}, naming them
     */
    public static int kill(Cgroup cgroup, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Long> killed = new HashSet<>();
        // the usual case at cleanup: the task ended and its cgroup is empty (or gone): one read, no freeze, no stat
        if (cgroup.pids().isEmpty()) {
            return 0;
        }
        if (cgroup.has("cgroup.kill")) {
            // recursive, and cheap when empty: no need to look first
            killed.addAll(cgroup.pids());
            cgroup.write("cgroup.kill", "1");
        } else if (cgroup.has("freezer.state")) {
            freezeKillThaw(cgroup, deadline, killed);
        }
        // the fallback, and a last sweep after the above: SIGKILL whatever is still listed until nothing is
        for (int round = 0; ; round++) {
            List<Long> pids = cgroup.pids();
            if (pids.isEmpty()) {
                return killed.size();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new CgroupException("processes " + pids + " are still in cgroup " + cgroup + " "
                        + timeout.toMillis() + " ms after SIGKILL");
            }
            for (long pid : pids) {
                if (sigkill(pid)) {
                    killed.add(pid);
                }
            }
            pause(round);
        }
    }

    private static void freezeKillThaw(Cgroup cgroup, long deadline, Set<Long> killed) {
        for (int round = 0; System.nanoTime() - deadline < 0; round++) {
            List<Long> pids = cgroup.pids();
            if (pids.isEmpty()) {
                return;
            }
            cgroup.write("freezer.state", "FROZEN");
            // FREEZING can last while a task sleeps uninterruptibly; kill what is frozen so far and go round again
            for (int wait = 0; wait < 20 && !cgroup.read("freezer.state").equals("FROZEN"); wait++) {
                pause(wait);
            }
            for (long pid : cgroup.pids()) {
                if (sigkill(pid)) {
                    killed.add(pid);
                }
            }
            // a frozen task acts on SIGKILL only once thawed
            cgroup.write("freezer.state", "THAWED");
            for (int wait = 0; wait < 20 && !cgroup.pids().isEmpty(); wait++) {
                pause(wait);
            }
            pause(round);
        }
    }

    /** Sends SIGKILL to {@code pid} if it still runs; never to this JVM. */
    static boolean sigkill(long pid) {
        if (pid == SELF) {
            throw new CgroupException("refusing to kill the agent's own process " + pid
                    + " found in a container cgroup");
        }
        return ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false);
    }

    /** Polls back off from 0.1 ms to 10 ms: most cgroups empty within a millisecond of SIGKILL. */
    public static void pause(int round) {
        LockSupport.parkNanos(Math.min(100_000L << Math.min(round, 7), 10_000_000L));
    }
}
