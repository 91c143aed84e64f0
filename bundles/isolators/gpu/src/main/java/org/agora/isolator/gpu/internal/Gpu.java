package org.agora.isolator.gpu.internal;

import java.util.Optional;

/**
 * One GPU of the agent.
 *
 * @param major device major number (195 for NVIDIA)
 * @param minor device minor number, the N of /dev/nvidiaN
 * @param uuid the GPU's UUID as nvidia-smi reports it, when known
 */
record Gpu(int major, int minor, Optional<String> uuid) {

    /** How NVIDIA_VISIBLE_DEVICES names it: the UUID when known (stable across reboots), else the minor. */
    String visibleName() {
        return uuid.orElse(Integer.toString(minor));
    }

    /** The devices cgroup rule that lets a container open it. */
    String rule() {
        return "c " + major + ":" + minor + " rwm";
    }
}
