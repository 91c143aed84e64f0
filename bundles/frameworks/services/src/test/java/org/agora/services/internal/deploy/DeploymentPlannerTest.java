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
package org.agora.services.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.agora.services.internal.TestApps;
import org.agora.services.internal.app.AppDefinition;
import org.junit.jupiter.api.Test;

class DeploymentPlannerTest {

    private static AppDefinition app(String json, String version) {
        return TestApps.app(json, version);
    }

    @Test
    void aNewAppIsStartedThenScaled() {
        assertThat(DeploymentPlanner.plan(Optional.empty(), Optional.of(app("{\"id\":\"/a\",\"cmd\":\"x\"}", "1"))))
                .containsExactly(StepAction.StartApplication, StepAction.ScaleApplication);
    }

    @Test
    void anInstanceCountChangeIsAScaleAnyOtherChangeARestart() {
        AppDefinition v1 = app("{\"id\":\"/a\",\"cmd\":\"x\",\"instances\":2}", "1");
        assertThat(DeploymentPlanner.plan(Optional.of(v1), Optional.of(v1.scaled(5, "2"))))
                .containsExactly(StepAction.ScaleApplication);
        assertThat(DeploymentPlanner.plan(Optional.of(v1),
                Optional.of(app("{\"id\":\"/a\",\"cmd\":\"y\",\"instances\":2}", "2"))))
                .containsExactly(StepAction.RestartApplication);
        assertThat(DeploymentPlanner.plan(Optional.of(v1), Optional.empty()))
                .containsExactly(StepAction.StopApplication);
    }
}
