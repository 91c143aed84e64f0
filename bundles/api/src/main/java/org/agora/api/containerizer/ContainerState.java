package org.agora.api.containerizer;

import java.nio.file.Path;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ContainerID;

/**
 * A container the agent knew of before it (or a plugin) restarted, as checkpointed: what recovery starts from.
 *
 * @param containerId the container
 * @param pid the process id of the container's top process, as launched
 * @param sandbox its working directory
 * @param resources what it was last given
 */
public record ContainerState(ContainerID containerId, long pid, Path sandbox, Resources resources) {
}
