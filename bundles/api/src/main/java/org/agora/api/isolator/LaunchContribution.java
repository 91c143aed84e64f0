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
package org.agora.api.isolator;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an isolator needs done when the container's process is created, before it execs the task.
 *
 * @param environment variables to add (for example {@code NVIDIA_VISIBLE_DEVICES})
 * @param namespaces Linux namespaces to unshare, by their {@code /proc/<pid>/ns} names ({@code "pid"}, {@code "mnt"})
 * @param cgroupPaths cgroup directories the process must be moved into before exec (absolute paths)
 * @param joinNamespaces existing namespaces the process must enter before exec, by their {@code /proc/<pid>/ns} names
 *     ({@code "net"}), each with the absolute path of a file that holds it (a bind mount of a namespace file, as
 *     {@code ip netns} makes): the container shares a namespace the isolator made and keeps, a network namespace
 *     that CNI plugins configured, say. Entered before any namespace in {@code namespaces} is made. Since 1.1.
 */
public record LaunchContribution(Map<String, String> environment, Set<String> namespaces, List<String> cgroupPaths,
        Map<String, String> joinNamespaces) {

    public LaunchContribution {
        environment = Map.copyOf(environment);
        namespaces = Set.copyOf(namespaces);
        cgroupPaths = List.copyOf(cgroupPaths);
        joinNamespaces = Map.copyOf(joinNamespaces);
    }

    /** A contribution that enters no existing namespace (what isolators built against api 1.0 make). */
    public LaunchContribution(Map<String, String> environment, Set<String> namespaces, List<String> cgroupPaths) {
        this(environment, namespaces, cgroupPaths, Map.of());
    }

    /** Nothing to add. */
    public static LaunchContribution none() {
        return new LaunchContribution(Map.of(), Set.of(), List.of(), Map.of());
    }
}
