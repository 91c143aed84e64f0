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

import org.junit.jupiter.api.Test;

class AppIdsTest {

    @Test
    void relativeIdsResolveAgainstTheGroupAsMarathonDoes() {
        assertThat(AppIds.resolve("/prod/web", "db")).isEqualTo("/prod/web/db");
        assertThat(AppIds.resolve("/prod/web", "../db")).isEqualTo("/prod/db");
        assertThat(AppIds.resolve("/prod/web", "./cache/../db")).isEqualTo("/prod/web/db");
        assertThat(AppIds.resolve("/prod/web", "/other/db")).isEqualTo("/other/db");
        assertThat(AppIds.resolve("/", "../../x")).isEqualTo("/x");
    }

    @Test
    void theParentOfAnAppIsItsGroup() {
        assertThat(AppIds.parent("/prod/web/app")).isEqualTo("/prod/web");
        assertThat(AppIds.parent("/app")).isEqualTo("/");
        assertThat(AppIds.within("/prod/web/app", "/prod")).isTrue();
        assertThat(AppIds.within("/production/app", "/prod")).isFalse();
    }
}
