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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The verbosity mapping, the revert after the duration, and the answers without a store. The store here keeps the
 * level in a field: Pax Logging's Configuration Admin exists only in Karaf, where LocalFeaturesIT changes it for real.
 */
class LoggingLevelTest {

    /** The root level as a configuration keeps it, with every change it was given. */
    static final class KeptLevel implements LoggingLevel.RootLevel {
        volatile Optional<String> level;
        final List<Optional<String>> changes = new ArrayList<>();

        KeptLevel(Optional<String> level) {
            this.level = level;
        }

        @Override
        public Optional<String> get() {
            return level;
        }

        @Override
        public synchronized void set(Optional<String> next) {
            level = next;
            changes.add(next);
        }
    }

    @Test
    void verbosityMapsToTheRootLoggersLevelAndBack() {
        assertThat(LoggingLevel.name(0)).isEqualTo("INFO");
        assertThat(LoggingLevel.name(1)).isEqualTo("DEBUG");
        assertThat(LoggingLevel.name(2)).isEqualTo("TRACE");
        assertThat(LoggingLevel.name(7)).isEqualTo("TRACE");
        assertThat(LoggingLevel.verbosity("trace")).isEqualTo(2);
        assertThat(LoggingLevel.verbosity("DEBUG")).isEqualTo(1);
        assertThat(LoggingLevel.verbosity("WARN")).isZero();
    }

    @Test
    void aSetLastsItsDurationThenTheLevelBeforeItComesBack() {
        KeptLevel kept = new KeptLevel(Optional.of("WARN"));
        try (LoggingLevel logging = new LoggingLevel(() -> Optional.of(kept))) {
            logging.set(1, Duration.ofMillis(300));
            assertThat(kept.level).hasValue("DEBUG");
            assertThat(logging.level()).isEqualTo(1);
            // a second SET in the window changes the level; the window ends back at the level before the first
            logging.set(2, Duration.ofMillis(300));
            assertThat(logging.level()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> kept.level.equals(Optional.of("WARN")));
            assertThat(kept.changes).containsExactly(Optional.of("DEBUG"), Optional.of("TRACE"), Optional.of("WARN"));
        }
    }

    @Test
    void aLevelNotConfiguredBeforeIsRemovedAgainAndClosingRevertsAtOnce() {
        KeptLevel kept = new KeptLevel(Optional.empty());
        LoggingLevel logging = new LoggingLevel(() -> Optional.of(kept));
        logging.set(1, Duration.ofHours(1));
        assertThat(kept.level).hasValue("DEBUG");
        logging.close();
        assertThat(kept.level).isEmpty();
    }

    @Test
    void withoutAStoreGetReadsSlf4jAndSetSaysWhyItCannot() {
        try (LoggingLevel logging = new LoggingLevel(Optional::empty)) {
            // slf4j-simple's default: INFO
            assertThat(logging.level()).isZero();
            assertThatThrownBy(() -> logging.set(1, Duration.ofSeconds(1))).isInstanceOf(HttpException.class)
                    .hasMessageContaining("Configuration Admin");
        }
    }

    @Test
    void aDurationThatIsNotPositiveIsABadRequest() {
        KeptLevel kept = new KeptLevel(Optional.of("INFO"));
        try (LoggingLevel logging = new LoggingLevel(() -> Optional.of(kept))) {
            assertThatThrownBy(() -> logging.set(1, Duration.ZERO)).isInstanceOf(HttpException.class)
                    .hasMessageContaining("duration");
            assertThat(kept.changes).isEmpty();
        }
    }
}
