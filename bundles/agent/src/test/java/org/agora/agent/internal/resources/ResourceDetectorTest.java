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
package org.agora.agent.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.agora.api.resources.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceDetectorTest {

    @TempDir
    Path workDir;

    @Test
    void detectsEveryCpuMemoryLessTheSystemsShareDiskAndDefaultPorts() {
        Resources r = ResourceDetector.detect(workDir, Optional.empty());

        assertThat(r.scalar("cpus")).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(r.scalar("mem")).isEqualTo(ResourceDetector.usableMemoryMb(ResourceDetector.totalMemoryMb()));
        assertThat(r.scalar("disk")).isPositive();
        assertThat(Resources.rangesText(r.ranges("ports"))).isEqualTo("[31000-32000]");
    }

    @Test
    void leavesTheSystemMemoryAndDiskAsMesosDoes() {
        assertThat(ResourceDetector.usableMemoryMb(16384)).isEqualTo(15360);
        assertThat(ResourceDetector.usableMemoryMb(1024)).isEqualTo(512);
        assertThat(ResourceDetector.usableDiskMb(100_000)).isEqualTo(94_880);
        assertThat(ResourceDetector.usableDiskMb(4096)).isEqualTo(2048);
    }

    @Test
    void configuredResourcesReplaceDetectedOnesOfTheSameName() {
        Resources r = ResourceDetector.detect(workDir, Optional.of(Resources.parse("cpus:16;gpus:1")));

        assertThat(r.scalar("cpus")).isEqualTo(16);
        assertThat(r.scalar("gpus")).isEqualTo(1);
        assertThat(r.scalar("mem")).isPositive();
    }
}
