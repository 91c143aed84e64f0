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
package org.agora.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentIdStoreTest {

    @TempDir
    Path workDir;

    @Test
    void anIdWrittenIsReadBackByTheNextAgent() throws Exception {
        new AgentIdStore(workDir).write("m-S1");

        assertThat(new AgentIdStore(workDir).read()).hasValue("m-S1");
        assertThat(workDir.resolve("meta/slaves/latest")).hasContent("m-S1");
        assertThat(workDir.resolve("meta/slaves/latest.tmp")).doesNotExist();
    }

    @Test
    void noCheckpointOrAMalformedOneMeansNoId() throws Exception {
        AgentIdStore store = new AgentIdStore(workDir);
        assertThat(store.read()).isEmpty();

        Files.createDirectories(workDir.resolve("meta/slaves"));
        Files.writeString(workDir.resolve("meta/slaves/latest"), "half an id\u0000");
        assertThat(store.read()).isEmpty();
    }

    @Test
    void clearForgetsTheId() throws Exception {
        AgentIdStore store = new AgentIdStore(workDir);
        store.write("m-S1");
        store.clear();

        assertThat(store.read()).isEmpty();
    }
}
