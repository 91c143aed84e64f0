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
