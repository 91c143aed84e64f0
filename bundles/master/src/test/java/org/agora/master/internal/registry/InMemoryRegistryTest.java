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

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link InMemoryRegistry}: the {@link RegistryContractTest contract}, with terms made by {@link
 * InMemoryRegistry#nextTerm}, and the hook master tests use to make a write fail.
 */
class InMemoryRegistryTest extends RegistryContractTest {
    private InMemoryRegistry current;

    @Override
    Registry firstTerm(String clusterName) {
        current = new InMemoryRegistry(clusterName);
        return current;
    }

    @Override
    Registry nextTerm(String clusterName) {
        current = current.nextTerm(clusterName);
        return current;
    }

    @Test
    void aFailedWriteChangesNothingAndTheNextOneLands() {
        InMemoryRegistry r = (InMemoryRegistry) recovered(firstTerm("test"));
        r.failNextWrite(new RegistryException("ZooKeeper is gone"));

        assertThat(failure(r.admit(agent("a")))).isExactlyInstanceOf(RegistryException.class)
                .hasMessage("ZooKeeper is gone");
        join(r.admit(agent("b")));

        assertThat(recoverNextTerm().admitted()).containsExactly(agent("b"));
    }

    @Test
    void aWriteFailedAsFencedLeavesTheRegistryFenced() {
        InMemoryRegistry r = (InMemoryRegistry) recovered(firstTerm("test"));
        r.failNextWrite(new RegistryException.Fenced("deposed"));

        assertThat(failure(r.updateWeights(Map.of("a", 2.0)))).isInstanceOf(RegistryException.Fenced.class);
        assertThat(failure(r.updateWeights(Map.of("b", 2.0)))).isInstanceOf(RegistryException.Fenced.class)
                .hasMessageContaining("an earlier write failed (deposed)");

        assertThat(recoverNextTerm().weights()).isEmpty();
    }

    @Test
    void moreAgentsThanOneListOfNamesCanHoldAreAdmittedAndRecovered() {
        Registry r = recovered(firstTerm("test"));
        int agents = 20_000; // ids of 38 characters: 840,000 bytes of names, over the 786,432 one list may hold
        for (int i = 0; i < agents; i++) {
            join(r.admit(agent(String.format("%s-S%d", new UUID(7, i), i).substring(0, 38))));
        }

        RegistryState state = recoverNextTerm();

        assertThat(state.admitted()).hasSize(agents);
    }

    @Test
    void aRefusedWriteDoesNotUseUpTheInjectedFailure() {
        InMemoryRegistry r = (InMemoryRegistry) recovered(firstTerm("test"));
        r.failNextWrite(new RegistryException("ZooKeeper is gone"));

        assertThat(failure(r.updateWeights(manyWeights(Registry.MAX_ENTRIES_PER_WRITE + 1))))
                .isInstanceOf(RegistryException.TooLarge.class);
        assertThat(failure(r.updateWeights(Map.of("a", 2.0)))).hasMessage("ZooKeeper is gone");
    }
}
