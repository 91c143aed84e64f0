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
package org.agora.isolator.cgroups.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuSharesTest {

    @Test
    void sharesAre1024PerCpuWithMesosFloorOf2() {
        assertThat(CpuShares.shares(1)).isEqualTo(1024);
        assertThat(CpuShares.shares(0.5)).isEqualTo(512);
        assertThat(CpuShares.shares(0.001)).isEqualTo(2);
        assertThat(CpuShares.shares(0)).isEqualTo(2);
        assertThat(CpuShares.shares(1000)).isEqualTo(262_144);
    }

    @Test
    void weightMapsSharesLinearlyOntoOneToTenThousand() {
        assertThat(CpuShares.weight(2)).isEqualTo(1);
        assertThat(CpuShares.weight(1024)).isEqualTo(39);
        assertThat(CpuShares.weight(512)).isEqualTo(20);
        assertThat(CpuShares.weight(262_144)).isEqualTo(10_000);
    }

    @Test
    void quotaIsCpusTimesPeriodAndAtLeastOneMillisecond() {
        assertThat(CpuShares.quotaUs(1, 100_000)).isEqualTo(100_000);
        assertThat(CpuShares.quotaUs(0.5, 100_000)).isEqualTo(50_000);
        assertThat(CpuShares.quotaUs(0.001, 100_000)).isEqualTo(1_000);
    }
}
