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
package org.agora.images.internal.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Assembles a container's rootfs from extracted layers (Mesos's provisioner backends). Implementations keep no
 * state: everything is in the container's directory, so any instance can release what another built.
 */
public interface RootfsBackend {

    /** {@code overlay} or {@code copy}. */
    String name();

    /**
     * Builds {@code containerDir/rootfs} from {@code layers} (extracted layer directories, lowest first).
     *
     * @return the rootfs directory
     */
    Path provision(List<Path> layers, Path containerDir) throws IOException;

    /** The rootfs directory of a container directory. */
    static Path rootfsOf(Path containerDir) {
        return containerDir.resolve("rootfs");
    }
}
