package org.agora.api.containerizer;

/**
 * Resource usage of a container at one instant, as the kernel accounts it. Fields an isolator cannot measure are -1.
 *
 * @param timestamp seconds since the epoch when sampled
 * @param cpusUserTimeSecs cumulative user cpu time
 * @param cpusSystemTimeSecs cumulative system cpu time
 * @param cpusLimit the cpu limit in cpus
 * @param memRssBytes resident memory
 * @param memLimitBytes the memory limit
 * @param processes processes in the container
 */
public record ContainerUsage(double timestamp, double cpusUserTimeSecs, double cpusSystemTimeSecs, double cpusLimit,
        long memRssBytes, long memLimitBytes, long processes) {
}
