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
package org.agora.api.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankedHooksTest {
    private final RankedHooks<String> hooks = new RankedHooks<>();

    @Test
    void highestRankingFirstAndTheOlderServiceFirstOnATie() {
        hooks.bind("newer-zero", Map.of("service.id", 7L));
        hooks.bind("low", Map.of("service.ranking", -1, "service.id", 1L));
        hooks.bind("older-zero", Map.of("service.ranking", 0, "service.id", 3L));
        hooks.bind("high", Map.of("service.ranking", 5, "service.id", 9L));

        assertThat(hooks).containsExactly("high", "older-zero", "newer-zero", "low");
    }

    @Test
    void aChangedRankingMovesAHookAndUnbindRemovesIt() {
        hooks.bind("a", Map.of("service.ranking", 1, "service.id", 1L));
        hooks.bind("b", Map.of("service.ranking", 2, "service.id", 2L));
        hooks.bind("a", Map.of("service.ranking", 3, "service.id", 1L));
        assertThat(hooks).containsExactly("a", "b");

        hooks.unbind("a");
        assertThat(hooks).containsExactly("b");
    }

    @Test
    void anIterationSeesOneSnapshotWhileHooksChange() {
        hooks.bind("a", Map.of("service.id", 1L));
        hooks.bind("b", Map.of("service.id", 2L));
        List<String> seen = new ArrayList<>();
        for (String h : hooks) {
            seen.add(h);
            hooks.unbind("b");
            hooks.bind("c", Map.of("service.id", 3L));
        }
        assertThat(seen).containsExactly("a", "b");
        assertThat(hooks).containsExactly("a", "c");
    }
}
