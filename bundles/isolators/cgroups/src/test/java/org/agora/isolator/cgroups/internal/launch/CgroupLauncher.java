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
package org.agora.isolator.cgroups.internal.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the command line that starts a process inside a container's cgroups: a POSIX shell writes its own pid into
 * each cgroup's {@code cgroup.procs}, then execs the task, so the task and everything it forks start inside the
 * cgroups and nothing can escape between fork and join. A failed join exits with status 125 before the task runs.
 *
 * <pre>/bin/sh -c '&lt;join each cgroup&gt;; exec "$@"' agora-launch &lt;cgroup dir&gt;... -- &lt;argv&gt;...</pre>
 *
 * The cgroup paths travel as arguments, never inside the script, so no quoting is involved.
 */
public final class CgroupLauncher {
    /** Exit status of the launcher when it could not join a cgroup (the task never ran). */
    public static final int JOIN_FAILED = 125;

    static final String SCRIPT = "while [ \"$1\" != -- ]; do echo $$ > \"$1/cgroup.procs\" || exit " + JOIN_FAILED
            + "; shift; done; shift; exec \"$@\"";

    private CgroupLauncher() {
    }

    /** {@code argv} run inside {@code cgroups} (directories, as {@code LaunchContribution.cgroupPaths} lists). */
    public static List<String> command(List<Path> cgroups, List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("nothing to launch: empty argv");
        }
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "agora-launch"));
        for (Path cgroup : cgroups) {
            command.add(cgroup.toString());
        }
        command.add("--");
        command.addAll(argv);
        return command;
    }

    /** A shell command line run inside {@code cgroups}, as Mesos runs a shell {@code CommandInfo}. */
    public static List<String> shell(List<Path> cgroups, String commandLine) {
        return command(cgroups, List.of("/bin/sh", "-c", commandLine));
    }
}
