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
package org.agora.master.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Znode names: roles encoded reversibly and canonically, agent ids refused when they cannot be a name. */
class RegistryLayoutTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "eng/ml/batch", "a.b", ".", "..", "*", "x%41y", "with space", "ünïcödé/日本",
            "-_~", "a\u0000b", "\uffff"})
    void everyRoleHasOneZnodeNameThatDecodesBackToIt(String role) {
        String name = RegistryLayout.encodeRole(role);

        assertThat(name).matches("[A-Za-z0-9_~%-]+");
        assertThat(RegistryLayout.decodeRole(name)).contains(role);
    }

    @Test
    void hierarchicalAndDottedRolesAreEncodedReadably() {
        assertThat(RegistryLayout.encodeRole("eng/ml.batch")).isEqualTo("eng%2Fml%2Ebatch");
        assertThat(RegistryLayout.encodeRole("..")).isEqualTo("%2E%2E");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a%2", "a%", "a%2f", "%41", "a.b", "a b", "%C3", "%ZZ", "ü"})
    void aNameThatIsNotACanonicalEncodingDecodesToNothing(String name) {
        assertThat(RegistryLayout.decodeRole(name)).isEmpty();
    }

    @Test
    void anAgentsShardIsTheLowByteOfTheCrc32OfItsIdInLowerCaseHex() {
        // stored layout: these must never change
        assertThat(RegistryLayout.shard("a")).isEqualTo("43");
        assertThat(RegistryLayout.shard("m-S1")).isEqualTo("dc");
        assertThat(RegistryLayout.shard("1da11271-f0bc-46ff-85fc-4b39233fec30-S0")).isEqualTo("9c");
        assertThat(RegistryLayout.agent(RegistryLayout.AGENTS, "a")).isEqualTo("registry/agents/43/a");
    }

    @Test
    void tenThousandAgentIdsSpreadOverEveryShard() {
        Map<String, Integer> perShard = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String shard = RegistryLayout.shard("1da11271-f0bc-46ff-85fc-4b39233fec30-S" + i);
            assertThat(RegistryLayout.isShard(shard)).as(shard).isTrue();
            perShard.merge(shard, 1, Integer::sum);
        }
        assertThat(perShard).hasSize(RegistryLayout.SHARDS);
        assertThat(perShard.values()).allMatch(n -> n < 100, "under 100 of 10,000 ids in any shard (39 on average)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "000", "AB", "g0", "-1", "a "})
    void onlyTwoLowerCaseHexDigitsNameAShard(String name) {
        assertThat(RegistryLayout.isShard(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a\u0000"})
    void anAgentIdThatCannotBeAZnodeNameIsRefused(String id) {
        assertThatThrownBy(() -> RegistryLayout.agent(RegistryLayout.AGENTS, id))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be a znode name");
    }
}
