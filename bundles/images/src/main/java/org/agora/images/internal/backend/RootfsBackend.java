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
