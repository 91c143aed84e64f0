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

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The native containerizer's options (PID {@code org.agora.containerizer.mesos}). */
@ObjectClassDefinition(name = "Agora native containerizer", description = "Runs tasks as process trees in cgroups "
        + "and namespaces, and tasks that name an image in that image's root file system (Mesos's 'mesos' "
        + "containerizer; images need feature agora-images).")
public @interface ContainerizerConfig {

    @AttributeDefinition(description = "Comma-separated isolators applied to every new container, by their Mesos "
            + "names: cgroups/cpu, cgroups/mem, cgroups/pids, cgroups/blkio, cgroups/io, cgroups/devices, "
            + "namespaces/pid, filesystem/linux, disk/du, gpu/nvidia (Mesos: --isolation). Empty isolates nothing. "
            + "Tasks that name an image always get filesystem/linux (their own mount namespace and the image's root).")
    String isolation() default "";

    @AttributeDefinition(description = "How many containers may be prepared, started or cleaned up at the same "
            + "moment (calls for one container never overlap). Their work is mostly waiting on the kernel (cgroup "
            + "files, fork, exec), so a few more than the cores pays. Applies when the containerizer starts.")
    int parallel_launches() default ContainerizerSettings.DEFAULT_THREADS;

    @AttributeDefinition(description = "How every task is started: 'native' (a small launcher binary shipped in this "
            + "bundle for linux-x86_64 joins the cgroups, records the exit status and execs the task in one process; "
            + "for a task in an image it also mounts and pivot_roots into the image) or 'script' (/bin/sh scripts of "
            + "the host with setsid, mount and unshare: more processes per start). 'native' falls back to 'script', "
            + "with a warning, where the binary cannot be used. Applies when the containerizer starts.")
    String launcher() default ContainerizerSettings.NATIVE;

    @AttributeDefinition(description = "Directory the native launcher is written to (made when missing; it must "
            + "belong to the agent's user and be writable by no one else). Empty: <karaf.data>/agora-containerizer.")
    String launcher_dir() default "";

    @AttributeDefinition(description = "Comma-separated absolute path prefixes that host_path volumes may bind: a "
            + "volume's host path must be one of them or lie beneath one ('/data' allows '/data/x', not '/database'), "
            + "checked with its symbolic links followed; any other is TASK_FAILED naming it. Empty allows every host "
            + "path, as Mesos does (a warning is logged once). Changes apply to containers launched afterwards.")
    String volumes_host_allowed() default "";
}
