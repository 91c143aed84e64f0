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
package org.agora.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class GroupMembersTest {

    @Test
    void onlyJsonInfoChildrenWithADecimalSequenceAreMembers() {
        assertThat(GroupMembers.sequence("json.info_0000000042")).isEqualTo(OptionalLong.of(42));
        assertThat(GroupMembers.sequence("info_0000000001")).isEmpty();
        assertThat(GroupMembers.sequence("json.info_")).isEmpty();
        assertThat(GroupMembers.sequence("json.info_backup")).isEmpty();
        assertThat(GroupMembers.sequence("json.info_-0000000001")).isEmpty();
        assertThat(GroupMembers.sequence("registry")).isEmpty();
    }

    @Test
    void theLowestSequenceLeadsWhateverTheOrderOfChildren() {
        List<String> children = List.of("log_replicas", "json.info_0000000010", "info_0000000000",
                "json.info_0000000003", "registry", "json.info_0000000007");

        assertThat(GroupMembers.lowest(children)).contains("json.info_0000000003");
        assertThat(GroupMembers.lowest(List.of("registry", "info_0000000000"))).isEmpty();
    }
}
