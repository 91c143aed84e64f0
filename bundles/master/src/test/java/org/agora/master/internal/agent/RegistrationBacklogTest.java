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
package org.agora.master.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The backlog's bound and the delays it tells refused agents, with a random source the test chooses. */
class RegistrationBacklogTest {
    /** Always the highest value asked for: the top of each retry window. */
    private static final RandomGenerator TOP = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long origin, long bound) {
            return bound - 1;
        }
    };

    private static RegistrationBacklog backlog(int limit, RandomGenerator random) {
        return new RegistrationBacklog(limit, random, System::nanoTime);
    }

    @Test
    void agentsThatCanRetryAreTurnedAwayAtTheLimitOthersAreQueuedAndAReleasedPlaceMakesRoom() {
        RegistrationBacklog b = backlog(2, TOP);
        Optional<RegistrationBacklog.Place> first = b.admit(true);
        assertThat(b.admit(true)).isPresent();

        assertThat(b.admit(true)).as("full").isEmpty();
        assertThat(b.admit(false)).as("an agent without RetryLater is queued anyway").isPresent();
        assertThat(b.waiting()).isEqualTo(3);

        first.orElseThrow().release();
        first.orElseThrow().release();
        assertThat(b.waiting()).as("a place is given back once").isEqualTo(2);
        assertThat(b.admit(true)).as("still at the limit").isEmpty();
    }

    @Test
    void zeroQueuesEverythingAndANegativeLimitIsRefused() {
        RegistrationBacklog b = backlog(0, TOP);
        for (int i = 0; i < 10_000; i++) {
            assertThat(b.admit(true)).isPresent();
        }
        assertThatThrownBy(() -> backlog(-1, TOP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void theRetryWindowGrowsWithTheCrowdTurnedAwayIsBoundedAndShrinksOnceTheBacklogHasRoom() {
        RegistrationBacklog b = backlog(10, TOP);
        List<RegistrationBacklog.Place> places = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            places.add(b.admit(true).orElseThrow());
        }

        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            delays.add(b.refuse("agent-" + i));
        }
        // the n-th refusal: up to 0.5 s + 1 s x (1 + n / 10), at most 10 s
        assertThat(delays.get(0)).isEqualTo(500 + 1100);
        assertThat(delays.get(9)).isEqualTo(500 + 2000);
        assertThat(delays).isSorted().allSatisfy(d -> assertThat(d).isBetween(500L, 10_000L));
        assertThat(delays.get(199)).isEqualTo(10_000);
        assertThat(b.refused()).isEqualTo(200);

        // drained to half the limit: the burst is over and the next refusal waits little again
        for (int i = 0; i < 5; i++) {
            places.get(i).release();
        }
        for (int i = 0; i < 5; i++) {
            assertThat(b.admit(true)).isPresent();
        }
        assertThat(b.refuse("agent-late")).isEqualTo(500 + 1100);
        assertThat(b.refused()).isEqualTo(201);
    }

    @Test
    void theLowestDelayIsHalfASecond() {
        RegistrationBacklog b = backlog(1, new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long nextLong(long origin, long bound) {
                return origin;
            }
        });
        b.admit(true);
        for (int i = 0; i < 100; i++) {
            assertThat(b.refuse("a")).isEqualTo(500);
        }
    }
}
