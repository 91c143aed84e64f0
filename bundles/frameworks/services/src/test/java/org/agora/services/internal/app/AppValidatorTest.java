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
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.services.internal.TestApps;
import org.junit.jupiter.api.Test;

class AppValidatorTest {

    private static List<Map<String, Object>> details(String text) {
        InvalidAppException e = catchThrowableOfType(InvalidAppException.class,
                () -> AppValidator.validate(AppJson.parse(TestApps.json(text), Optional.empty())));
        assertThat(e).as("a 422 for " + text).isNotNull();
        return e.details();
    }

    @Test
    void negativeInstancesNameInstances() {
        assertThat(details("{\"id\": \"/a\", \"cmd\": \"x\", \"instances\": -1}"))
                .containsExactly(Map.of("path", "/instances", "errors", List.of("got -1, expected 0 or more")));
    }

    @Test
    void illegalIdCharactersNameId() {
        assertThat(details("{\"id\": \"/Bad_App\", \"cmd\": \"x\"}")).extracting(d -> d.get("path"))
                .containsExactly("/id");
    }

    @Test
    void duplicateHostPortsAreACollision() {
        assertThat(details("""
                {"id": "/a", "cmd": "x", "portDefinitions": [{"port": 8000}, {"port": 8000}]}"""))
                .extracting(d -> d.get("path")).containsExactly("/portDefinitions");
    }

    @Test
    void everyBrokenRuleIsListed() {
        assertThat(details("""
                {"id": "/a", "cpus": -1, "upgradeStrategy": {"minimumHealthCapacity": 1.5},
                 "constraints": [["hostname", "MAX_PER"]], "healthChecks": [{"protocol": "MESOS_TCP"}]}"""))
                .extracting(d -> d.get("path"))
                .containsExactly("/", "/cpus", "/constraints(0)", "/healthChecks(0)/portIndex",
                        "/upgradeStrategy/minimumHealthCapacity");
    }

    @Test
    void wrongTypesAndBrokenRulesComeInOneAnswer() {
        InvalidAppException e = catchThrowableOfType(InvalidAppException.class, () -> AppJson.parseValid(
                TestApps.json("{\"id\": \"/a\", \"cmd\": \"x\", \"instances\": -1, \"mem\": \"lots\"}"),
                Optional.empty()));
        assertThat(e.details()).extracting(d -> d.get("path")).containsExactlyInAnyOrder("/mem", "/instances");
    }

    @Test
    void aValidDefinitionPasses() {
        assertThatCode(() -> AppValidator.validate(AppJson.parse(TestApps.json("""
                {"id": "/group/web-1", "cmd": "x", "instances": 0, "portDefinitions": [{"port": 0}, {"port": 0}],
                 "constraints": [["hostname", "LIKE", "a.*"]], "healthChecks": [{"protocol": "MESOS_HTTP"}]}"""),
                Optional.empty()))).doesNotThrowAnyException();
    }
}
