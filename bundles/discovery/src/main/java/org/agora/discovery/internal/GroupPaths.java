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
package org.agora.discovery.internal;

import java.util.Objects;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.zookeeper.common.PathUtils;

/** Argument checks shared by the contender and the detector. */
final class GroupPaths {

    private GroupPaths() {
    }

    /** Returns {@code path} if it is an absolute znode path below the root; throws IllegalArgumentException. */
    static String requireGroupPath(String path) {
        Objects.requireNonNull(path, "path");
        try {
            PathUtils.validatePath(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("master group path '" + path + "': " + e.getMessage(), e);
        }
        if (path.equals("/")) {
            throw new IllegalArgumentException("master group path '/': must name a znode below '/', e.g. /mesos");
        }
        return path;
    }

    /** Throws IllegalStateException unless {@code client} has been started and not closed. */
    static void requireStarted(CuratorFramework client, String what) {
        if (client.getState() != CuratorFrameworkState.STARTED) {
            throw new IllegalStateException(what + ": the Curator client is " + client.getState()
                    + "; start it before starting the " + what);
        }
    }
}
