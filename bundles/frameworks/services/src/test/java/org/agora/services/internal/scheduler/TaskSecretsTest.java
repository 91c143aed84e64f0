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
package org.agora.services.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.Environment;
import org.agora.api.v1.Protos.Secret;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.services.internal.TestApps;
import org.agora.services.internal.app.AppDefinition;
import org.junit.jupiter.api.Test;

class TaskSecretsTest {

    @Test
    void aSecretEnvVariableBecomesAMesosSecretReference() {
        AppDefinition app = TestApps.app("""
                {"id": "/a", "cmd": "run", "env": {"DB": {"secret": "s1"}, "TOKEN": {"secret": "s2"},
                 "PORT": {"secret": "s2"}}, "portDefinitions": [{"port": 0}],
                 "secrets": {"s1": {"source": "db/prod@password"}, "s2": {"source": "api-token"}}}""", "v1");
        TaskInfo t = TaskFactory.task(app, "a.1", AgentID.newBuilder().setValue("a").build(), "h", List.of(),
                List.of(31000));
        List<Environment.Variable> vars = t.getCommand().getEnvironment().getVariablesList();
        Environment.Variable db = vars.stream().filter(v -> v.getName().equals("DB")).findFirst().orElseThrow();
        assertThat(db.getType()).isEqualTo(Environment.Variable.Type.SECRET);
        assertThat(db.hasValue()).isFalse();
        assertThat(db.getSecret().getType()).isEqualTo(Secret.Type.REFERENCE);
        assertThat(db.getSecret().getReference().getName()).isEqualTo("db/prod");
        assertThat(db.getSecret().getReference().getKey()).isEqualTo("password");
        Environment.Variable token = vars.stream().filter(v -> v.getName().equals("TOKEN")).findFirst()
                .orElseThrow();
        assertThat(token.getSecret().getReference().getName()).isEqualTo("api-token");
        assertThat(token.getSecret().getReference().hasKey()).isFalse();
        // a secret named like one of Marathon's variables replaces it instead of appearing twice
        assertThat(vars.stream().filter(v -> v.getName().equals("PORT")).toList())
                .singleElement().satisfies(v -> assertThat(v.getType()).isEqualTo(Environment.Variable.Type.SECRET));
    }
}
