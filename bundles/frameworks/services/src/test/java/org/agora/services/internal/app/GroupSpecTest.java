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

import org.agora.services.internal.TestApps;
import org.junit.jupiter.api.Test;

class GroupSpecTest {

    @Test
    void nestedIdsAndDependenciesResolveAgainstTheirGroup() {
        GroupSpec g = GroupSpec.parse(TestApps.json("""
                {"id": "prod", "dependencies": ["/infra"],
                 "apps": [{"id": "web", "cmd": "serve", "dependencies": ["db", "../infra/dns"]}],
                 "groups": [{"id": "db", "apps": [{"id": "/prod/db/pg", "cmd": "pg"}]}]}"""), "/", "/");
        assertThat(g.id()).isEqualTo("/prod");
        assertThat(g.dependencies()).containsExactly("/infra");
        AppDefinition web = g.apps().get(0);
        assertThat(web.id()).isEqualTo("/prod/web");
        assertThat(web.dependencies()).containsExactly("/prod/db", "/infra/dns");
        assertThat(g.groups().get(0).id()).isEqualTo("/prod/db");
        assertThat(g.allApps()).extracting(AppDefinition::id).containsExactly("/prod/web", "/prod/db/pg");
        assertThat(g.hasContent()).isTrue();
    }

    @Test
    void everyBadFieldOfEveryAppIsNamedByItsPathInTheGroup() {
        assertThatThrownBy(() -> GroupSpec.parse(TestApps.json("""
                {"id": "/prod", "apps": [{"id": "web", "cmd": "x", "instances": -1},
                  {"id": "/elsewhere/app", "cmd": "x"}],
                 "groups": [{"id": "db", "apps": [{"id": "pg"}]}], "scaleBy": -2}"""), "/", "/"))
                .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.details())
                        .extracting(d -> d.get("path"))
                        .containsExactlyInAnyOrder("/apps(0)/instances", "/apps(1)/id", "/groups(0)/apps(0)/",
                                "/scaleBy"));
    }

    @Test
    void aScaleCarriesNoContent() {
        GroupSpec g = GroupSpec.parse(TestApps.json("{\"scaleBy\": 1.5}"), "/", "/prod");
        assertThat(g.id()).isEqualTo("/prod");
        assertThat(g.scaleBy()).contains(1.5);
        assertThat(g.hasContent()).isFalse();
    }
}
