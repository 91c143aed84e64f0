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
package org.agora.containerizer.mesos.internal;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.agora.api.containerizer.ContainerizerException;

/**
 * The launch's first step when isolators made namespaces for the container to enter
 * ({@code LaunchContribution.joinNamespaces}, such as network/cni's network namespace): {@code nsenter --net=<file>}
 * (util-linux) enters them and execs the rest of the launch argv in the same process, so the container's pid, the
 * cgroups it joins next and every new namespace it makes afterwards are as without it; the task and all it forks
 * live in the joined namespaces. Kept apart from {@link LaunchCommand} and {@link ImageLaunch}: it is a prefix to
 * either, and a launcher that joins namespaces itself (setns) replaces just this step.
 */
final class NamespaceEntry {
    /** The namespaces entered without a fork, by their {@code /proc/<pid>/ns} names, with nsenter's options. */
    private static final Map<String, String> OPTIONS = Map.of("net", "--net=", "uts", "--uts=", "ipc", "--ipc=");
    private static final String NSENTER = find("nsenter");

    private NamespaceEntry() {
    }

    /**
     * {@code argv}, entered into the namespaces {@code joins} names (type to the file that holds it); {@code argv}
     * itself when there are none.
     *
     * @throws ContainerizerException for a namespace type that cannot be entered this way
     */
    static List<String> prefix(Map<String, String> joins, List<String> argv) {
        if (joins.isEmpty()) {
            return argv;
        }
        List<String> out = new ArrayList<>();
        out.add(NSENTER);
        for (Map.Entry<String, String> e : new TreeMap<>(joins).entrySet()) {
            String option = OPTIONS.get(e.getKey());
            if (option == null) {
                throw new ContainerizerException("cannot enter a '" + e.getKey() + "' namespace an isolator made "
                        + "(only " + new TreeMap<>(OPTIONS).keySet() + ")");
            }
            out.add(option + e.getValue());
        }
        out.add("--");
        out.addAll(argv);
        return out;
    }

    private static String find(String program) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            File f = new File(dir, program);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return program;
    }
}
