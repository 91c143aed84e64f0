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
package org.agora.api.ids;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void acceptsWhatMesosAccepts() {
        assertThat(Ids.problem("Task ID", "web-1.2_3:x")).isEmpty();
        assertThat(Ids.problem("Task ID", "...")).isEmpty();
        assertThat(Ids.problem("Task ID", "ü".repeat(127))).isEmpty(); // 254 bytes
        assertThat(Ids.problem("Task ID", "a".repeat(255))).isEmpty();
        assertThat(Ids.problem("Task ID", "\uD83D\uDE00")).isEmpty(); // a surrogate pair: one emoji
    }

    @Test
    void refusesIdsThatWouldLeaveTheirDirectoryOrMisnameIt() {
        assertThat(Ids.problem("Framework ID", "")).contains("Framework ID must not be empty");
        assertThat(Ids.problem("Framework ID", ".")).contains("Framework ID '.' is disallowed");
        assertThat(Ids.problem("Framework ID", "..")).contains("Framework ID '..' is disallowed");
        assertThat(Ids.problem("Task ID", "../../etc")).get().asString().contains("'/'");
        assertThat(Ids.problem("Task ID", "a\\b")).isPresent();
        assertThat(Ids.problem("Task ID", "a\u0000b")).get().asString().contains("a\\u0000b");
        assertThat(Ids.problem("Task ID", "a\nb")).isPresent();
        assertThat(Ids.problem("Task ID", "a\u007fb")).isPresent();
        assertThat(Ids.problem("Task ID", "a\u0085b")).isPresent();
        assertThat(Ids.problem("Task ID", "a\uD83Db")).get().asString().contains("unpaired surrogate");
    }

    @Test
    void refusesIdsLongerThanAFileName() {
        assertThat(Ids.problem("Task ID", "a".repeat(256))).get().asString()
                .contains("256 bytes long; at most 255").hasSizeLessThan(200);
        assertThat(Ids.problem("Task ID", "ü".repeat(128))).get().asString().contains("256 bytes long");
        assertThat(Ids.problem("Task ID", "x".repeat(10_000))).get().asString().contains("10000 bytes");
        assertThat(Ids.valid("x".repeat(10_000))).isFalse();
        assertThat(Ids.valid("ok")).isTrue();
    }
}
