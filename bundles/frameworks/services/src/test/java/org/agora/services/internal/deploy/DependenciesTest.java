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

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.agora.services.internal.TestApps;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.GroupMeta;
import org.agora.services.internal.app.InvalidAppException;
import org.agora.services.internal.app.Violations;
import org.junit.jupiter.api.Test;

class DependenciesTest {

    private static Map<String, AppDefinition> apps(String... jsons) {
        Map<String, AppDefinition> out = new TreeMap<>();
        for (String j : jsons) {
            AppDefinition a = TestApps.app(j, "v1");
            out.put(a.id(), a);
        }
        return out;
    }

    @Test
    void aDependencyOnAGroupMeansEveryAppUnderIt() {
        Map<String, AppDefinition> apps = apps("{\"id\": \"/prod/web\", \"cmd\": \"x\", \"dependencies\": [\"db\"]}",
                "{\"id\": \"/prod/db/pg\", \"cmd\": \"x\"}", "{\"id\": \"/prod/db/cache\", \"cmd\": \"x\"}",
                "{\"id\": \"/infra/dns\", \"cmd\": \"x\"}");
        Map<String, GroupMeta> groups = Map.of("/prod", new GroupMeta("/prod", List.of("/infra"), List.of("v1")));
        assertThat(Dependencies.of(apps.get("/prod/web"), apps, groups))
                .containsExactlyInAnyOrder("/prod/db/pg", "/prod/db/cache", "/infra/dns");
        assertThat(Dependencies.of(apps.get("/infra/dns"), apps, groups)).isEmpty();
        assertThat(Dependencies.groupIds(apps, groups)).containsExactly("/", "/infra", "/prod", "/prod/db");
    }

    @Test
    void aCycleIsFoundAcrossAppsAndGroups() {
        Map<String, AppDefinition> apps = apps("{\"id\": \"/a/x\", \"cmd\": \"x\", \"dependencies\": [\"/b\"]}",
                "{\"id\": \"/b/y\", \"cmd\": \"x\"}");
        Map<String, GroupMeta> groups = Map.of("/b", new GroupMeta("/b", List.of("/a/x"), List.of()));
        Violations v = new Violations();
        Dependencies.check(apps, groups, id -> "/dependencies", v);
        assertThat(v.details()).singleElement().satisfies(d -> assertThat(d.get("errors").toString())
                .contains("Dependency graph has cyclic dependencies"));
        Violations none = new Violations();
        Dependencies.check(apps, Map.of(), id -> "/dependencies", none);
        assertThat(none.isEmpty()).isTrue();
    }

    @Test
    void anAppNamingNothingKnownIsRefused() {
        Map<String, AppDefinition> apps = apps("{\"id\": \"/a\", \"cmd\": \"x\"}");
        AppDefinition b = TestApps.app("{\"id\": \"/b\", \"cmd\": \"x\", \"dependencies\": [\"/nope\"]}", "v1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Dependencies.checkApp(b, apps, Map.of()))
                .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.details().toString())
                        .contains("'/nope'"));
        AppDefinition selfCycle = TestApps.app("{\"id\": \"/a\", \"cmd\": \"x\", \"dependencies\": [\"/c\"]}", "v");
        Map<String, AppDefinition> withC = apps("{\"id\": \"/a\", \"cmd\": \"x\"}",
                "{\"id\": \"/c\", \"cmd\": \"x\", \"dependencies\": [\"/a\"]}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Dependencies.checkApp(selfCycle, withC, Map.of()))
                .isInstanceOf(InvalidAppException.class);
    }
}
