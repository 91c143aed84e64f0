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
package org.agora.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemMetricsTest {
    @TempDir
    Path proc;

    @Test
    void loadAndMemoryComeFromProcAsMesosNamesThem() throws IOException {
        Files.writeString(proc.resolve("loadavg"), "6.58 9.69 6.92 1/1225 5105\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       24683784 kB\nMemFree:        11427076 kB\n"
                + "MemAvailable:   22824472 kB\n");

        assertThat(new SystemMetrics(proc).figures()).containsEntry("system/load_1min", 6.58)
                .containsEntry("system/load_5min", 9.69).containsEntry("system/load_15min", 6.92)
                .containsEntry("system/mem_total_bytes", 24683784 * 1024.0)
                .containsEntry("system/mem_free_bytes", 11427076 * 1024.0)
                .containsEntry("system/cpus_total", (double) Runtime.getRuntime().availableProcessors());
    }

    @Test
    void whatCannotBeReadIsLeftOutNotMadeZero() throws IOException {
        Files.writeString(proc.resolve("loadavg"), "garbage\n");

        assertThat(new SystemMetrics(proc).figures()).containsOnlyKeys("system/cpus_total");
    }
}
