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
package org.agora.api.image;

import java.util.List;
import java.util.Objects;

/**
 * The part of an image's configuration (Docker's and OCI's {@code config} object) that says how to run it, which
 * the containerizer combines with the task's {@code CommandInfo} as Mesos's {@code docker/runtime} isolator does.
 *
 * @param env        {@code Env}: {@code NAME=value} strings in image order; empty if none
 * @param entrypoint {@code Entrypoint}; empty if none
 * @param cmd        {@code Cmd}; empty if none
 * @param workingDir {@code WorkingDir}; empty if none
 * @param user       {@code User} ({@code name}, {@code uid}, {@code uid:gid}, ...); empty if none
 */
public record ImageRuntimeConfig(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir,
        String user) {

    /** An image that says nothing about how to run it. */
    public static final ImageRuntimeConfig EMPTY = new ImageRuntimeConfig(List.of(), List.of(), List.of(), "", "");

    public ImageRuntimeConfig {
        env = List.copyOf(env);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(user, "user");
    }
}
