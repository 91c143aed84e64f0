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
package org.agora.services.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.agora.services.internal.app.UpgradeStrategy;
import org.junit.jupiter.api.Test;

class UpgradeMathTest {

    @Test
    void boundsAreCeilOfMinimumAndFloorOfOnePlusOver() {
        UpgradeStrategy s = new UpgradeStrategy(1.0, 0.34);
        assertThat(UpgradeMath.minHealthy(3, s)).isEqualTo(3);
        assertThat(UpgradeMath.maxCapacity(3, s, 3)).isEqualTo(4);
        UpgradeStrategy half = new UpgradeStrategy(0.5, 0.2);
        assertThat(UpgradeMath.minHealthy(5, half)).isEqualTo(3);
        assertThat(UpgradeMath.maxCapacity(5, half, 5)).isEqualTo(6);
        assertThat(UpgradeMath.killImmediately(5, half, 5)).isEqualTo(2);
    }

    @Test
    void boundsThatMeetAllowOneMoreInstance() {
        UpgradeStrategy noRoom = new UpgradeStrategy(1.0, 0.0);
        assertThat(UpgradeMath.maxCapacity(3, noRoom, 3)).isEqualTo(4);
        assertThat(UpgradeMath.maxCapacity(3, noRoom, 2)).isEqualTo(3);
        assertThat(UpgradeMath.killImmediately(3, noRoom, 3)).isZero();
    }

    @Test
    void noMinimumKillsEverythingAtOnce() {
        UpgradeStrategy s = new UpgradeStrategy(0.0, 0.0);
        assertThat(UpgradeMath.killImmediately(4, s, 4)).isEqualTo(4);
        assertThat(UpgradeMath.maxCapacity(4, s, 4)).isEqualTo(4);
    }
}
