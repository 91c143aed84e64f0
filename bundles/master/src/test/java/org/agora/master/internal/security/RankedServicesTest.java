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
package org.agora.master.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The service in use follows services as they come and go: the best ranked, or the one the operator named. */
class RankedServicesTest {
    @Test
    void theBestRankedIsInUseAndTheOldestAmongEquals() {
        RankedServices<String> services = new RankedServices<>(Function.identity(), "");
        assertThat(services.current()).isEmpty();

        services.add("low", Map.of("service.ranking", -1, "service.id", 1L));
        assertThat(services.current()).contains("low");
        services.add("high", Map.of("service.ranking", 10, "service.id", 3L));
        services.add("high-older", Map.of("service.ranking", 10, "service.id", 2L));
        assertThat(services.current()).contains("high-older");

        services.remove("high-older");
        assertThat(services.current()).contains("high");
        services.remove("high");
        services.remove("low");
        assertThat(services.current()).isEmpty();
    }

    @Test
    void aNamedServiceIsInUseOnlyWhileInstalledAndNeverReplacedByAnother() {
        RankedServices<String> services = new RankedServices<>(Function.identity(), "acl");
        services.add("other", Map.of("service.ranking", 100));
        assertThat(services.current()).isEmpty();

        services.add("acl", Map.of());
        assertThat(services.current()).contains("acl");
        services.remove("acl");
        assertThat(services.current()).isEmpty();
        assertThat(services.describeChoice()).isEqualTo("'acl'");
    }
}
