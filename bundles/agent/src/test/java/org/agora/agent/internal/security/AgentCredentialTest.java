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
package org.agora.agent.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCredentialTest {
    @TempDir
    Path dir;

    @Test
    void readsMesossJsonAndTextForms() throws Exception {
        AgentCredential json = AgentCredential.read(Files.writeString(dir.resolve("c.json"),
                "{\"principal\": \"agent-7\", \"secret\": \"s3cr:et\"}\n"));
        assertThat(json).isEqualTo(new AgentCredential("agent-7", "s3cr:et"));
        assertThat(json.basicAuthorization()).isEqualTo("Basic YWdlbnQtNzpzM2NyOmV0");
        assertThat(json.toString()).doesNotContain("s3cr");

        assertThat(AgentCredential.read(Files.writeString(dir.resolve("c.txt"), "agent-7   s3cret\n")))
                .isEqualTo(new AgentCredential("agent-7", "s3cret"));
    }

    @Test
    void aMalformedFileStopsTheAgentNamingTheFileAndTheProblem() throws Exception {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> AgentCredential.read(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credential: cannot read " + missing);
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"principal\": ");
        assertThatThrownBy(() -> AgentCredential.read(broken)).hasMessageContaining(broken + " is not a credential");
        Path noPrincipal = Files.writeString(dir.resolve("np.json"), "{\"secret\": \"x\"}");
        assertThatThrownBy(() -> AgentCredential.read(noPrincipal)).hasMessageContaining("names no principal");
        Path oneWord = Files.writeString(dir.resolve("one"), "justaname\n");
        assertThatThrownBy(() -> AgentCredential.read(oneWord)).hasMessageContaining("neither a JSON object");
        Path colon = Files.writeString(dir.resolve("colon"), "{\"principal\": \"a:b\", \"secret\": \"x\"}");
        assertThatThrownBy(() -> AgentCredential.read(colon)).hasMessageContaining("cannot contain ':'");
    }
}
