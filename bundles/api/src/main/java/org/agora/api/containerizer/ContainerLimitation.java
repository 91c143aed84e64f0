package org.agora.api.containerizer;

import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.TaskStatus;

/**
 * A limit the kernel (or an isolator's own check) enforced on a container, for example an OOM kill. The agent reports
 * the task's end with {@code reason} and {@code message}.
 *
 * @param reason for example {@code REASON_CONTAINER_LIMITATION_MEMORY}
 * @param message what happened, for a person ("memory limit 64 MB exceeded: 65.1 MB used")
 * @param resources the resources whose limit was hit
 */
public record ContainerLimitation(TaskStatus.Reason reason, String message, Resources resources) {
}
