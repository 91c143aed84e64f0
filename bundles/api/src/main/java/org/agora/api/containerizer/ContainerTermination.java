package org.agora.api.containerizer;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a container ended.
 *
 * @param status the wait status of the top process as {@code waitpid} reports it (exit code in bits 8-15, signal in
 *     0-6), empty when it is not known (the process was not our child, for example after an agent restart)
 * @param limitation the limit that ended it, if one did
 * @param message a line for a person
 */
public record ContainerTermination(OptionalInt status, Optional<ContainerLimitation> limitation, String message) {
}
