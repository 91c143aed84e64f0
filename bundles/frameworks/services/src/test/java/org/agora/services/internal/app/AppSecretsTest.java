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
package org.agora.services.internal.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.agora.api.json.Json;
import org.agora.services.internal.TestApps;
import org.junit.jupiter.api.Test;

class AppSecretsTest {

    private static final String WITH_SECRET = """
            {"id": "/db-client", "cmd": "run", "env": {"PLAIN": "1", "DB": {"secret": "s1"}},
             "secrets": {"s1": {"source": "db/prod@password"}}}""";

    @Test
    void anEnvVariableNamingASecretIsKeptAsAReference() {
        AppDefinition a = AppJson.parseValid(TestApps.json(WITH_SECRET), Optional.empty());
        assertThat(a.env()).containsExactly(Map.entry("PLAIN", "1"));
        assertThat(a.secrets().envRefs()).containsExactly(Map.entry("DB", "s1"));
        assertThat(a.secrets().sources()).containsExactly(Map.entry("s1", "db/prod@password"));
    }

    @Test
    void theRenderedAppShowsTheReferenceAndReadsBackEqual() {
        AppDefinition a = TestApps.app(WITH_SECRET, "v1");
        Map<String, Object> rendered = TestApps.json(Json.write(AppJson.render(a)));
        assertThat(rendered.get("env")).isEqualTo(Map.of("PLAIN", "1", "DB", Map.of("secret", "s1")));
        assertThat(rendered.get("secrets")).isEqualTo(Map.of("s1", Map.of("source", "db/prod@password")));
        assertThat(AppJson.parseStored(rendered)).isEqualTo(a);
    }

    @Test
    void anEnvVariableNamingAnUnknownSecretIs422() {
        assertThatThrownBy(() -> AppJson.parseValid(TestApps.json("""
                {"id": "/a", "cmd": "x", "env": {"DB": {"secret": "nope"}, "X": {"value": 1}},
                 "secrets": {"s1": {"source": "db"}, "s2": {}}}"""), Optional.empty()))
                .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.details())
                        .extracting(d -> d.get("path"))
                        .containsExactlyInAnyOrder("/env/DB", "/env/X", "/secrets/s2/source"));
    }

    @Test
    void aSourceSplitsIntoNameAndKeyAtTheLastAt() {
        assertThat(EnvSecrets.reference("db/prod@password"))
                .isEqualTo(new EnvSecrets.Reference("db/prod", Optional.of("password")));
        assertThat(EnvSecrets.reference("db/prod")).isEqualTo(new EnvSecrets.Reference("db/prod", Optional.empty()));
    }
}
