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
