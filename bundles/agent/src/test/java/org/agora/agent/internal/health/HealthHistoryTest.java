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
package org.agora.agent.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthHistoryTest {
    private static final long SECOND = 1_000_000_000L;

    private static HealthHistory history(int consecutiveFailures, long graceSeconds) {
        return new HealthHistory(new HealthTiming(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(graceSeconds), consecutiveFailures), 0);
    }

    @Test
    void theFirstSuccessIsReportedAndLaterOnesAreNot() {
        HealthHistory h = history(3, 0);
        assertThat(h.succeeded()).hasValueSatisfying(r -> assertThat(r.healthy()).isTrue());
        assertThat(h.succeeded()).isEmpty();
        assertThat(h.succeeded()).isEmpty();
    }

    @Test
    void everyFailureIsReportedAndTheNthInARowAsksForTheKill() {
        HealthHistory h = history(3, 0);
        h.succeeded();
        assertThat(h.failed("404", 5 * SECOND)).hasValueSatisfying(r -> {
            assertThat(r.healthy()).isFalse();
            assertThat(r.consecutiveFailures()).isEqualTo(1);
            assertThat(r.kill()).isFalse();
            assertThat(r.reason()).isEqualTo("404");
        });
        assertThat(h.failed("404", 6 * SECOND).orElseThrow().kill()).isFalse();
        assertThat(h.failed("404", 7 * SECOND).orElseThrow()).satisfies(r -> {
            assertThat(r.consecutiveFailures()).isEqualTo(3);
            assertThat(r.kill()).isTrue();
        });
    }

    @Test
    void aSuccessAfterFailuresIsReportedAndResetsTheCount() {
        HealthHistory h = history(3, 0);
        h.failed("refused", SECOND);
        h.failed("refused", 2 * SECOND);
        assertThat(h.succeeded()).hasValueSatisfying(r -> assertThat(r.healthy()).isTrue());
        assertThat(h.failed("refused", 3 * SECOND).orElseThrow().consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void failuresInTheGracePeriodAreIgnoredUntilAFirstSuccess() {
        HealthHistory h = history(1, 10);
        assertThat(h.failed("refused", SECOND)).isEmpty();
        assertThat(h.failed("refused", 10 * SECOND)).isEmpty();
        assertThat(h.consecutiveFailures()).isZero();
        h.succeeded();
        // once healthy, the grace period no longer shields failures
        assertThat(h.failed("refused", 5 * SECOND)).hasValueSatisfying(r -> assertThat(r.kill()).isTrue());
    }

    @Test
    void failuresAfterTheGracePeriodCount() {
        HealthHistory h = history(2, 10);
        assertThat(h.failed("refused", 9 * SECOND)).isEmpty();
        assertThat(h.failed("refused", 11 * SECOND)).hasValueSatisfying(r -> assertThat(r.kill()).isFalse());
        assertThat(h.failed("refused", 12 * SECOND)).hasValueSatisfying(r -> assertThat(r.kill()).isTrue());
    }

    @Test
    void theLargestConsecutiveFailuresIsReadUnsignedAndNeverReached() {
        HealthTiming timing = HealthTiming.of(org.agora.api.v1.Protos.HealthCheck.newBuilder()
                .setConsecutiveFailures(-1).build());
        assertThat(timing.consecutiveFailures()).isEqualTo(4_294_967_295L);
        HealthHistory h = new HealthHistory(timing, 0);
        for (int i = 1; i <= 100; i++) {
            assertThat(h.failed("refused", 100 * SECOND + i).orElseThrow().kill()).isFalse();
        }
    }

    @Test
    void theProtoDefaultsAreMesoss() {
        HealthTiming timing = HealthTiming.of(org.agora.api.v1.Protos.HealthCheck.getDefaultInstance());
        assertThat(timing).isEqualTo(new HealthTiming(Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofSeconds(10), 3));
    }

    @Test
    void zeroConsecutiveFailuresKillsAtTheFirstFailureCountedAsMesosDoes() {
        HealthHistory h = history(0, 0);
        assertThat(h.failed("exit 1", SECOND)).hasValueSatisfying(r -> assertThat(r.kill()).isTrue());
    }
}
