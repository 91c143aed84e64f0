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
package org.agora.testing.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MasterStateTest {
    private static final String LEADER = "{\"id\":\"m1\",\"pid\":\"master@10.0.0.1:5050\",\"elected_time\":1.5,"
            + "\"leader\":\"master@10.0.0.1:5050\",\"unreachable_slaves\":1,"
            + "\"slaves\":[{\"id\":\"S0\",\"active\":true},{\"id\":\"S1\",\"active\":false}],"
            + "\"frameworks\":[{\"id\":\"F0\",\"name\":\"f\",\"active\":true,\"connected\":true,"
            + "\"tasks\":[{\"id\":\"t1\",\"state\":\"TASK_RUNNING\",\"slave_id\":\"S0\"}],"
            + "\"unreachable_tasks\":[{\"id\":\"t2\",\"state\":\"TASK_UNREACHABLE\",\"slave_id\":\"S1\"}],"
            + "\"completed_tasks\":[]}]}";

    @Test
    void aMasterLeadsWhenItNamesItselfAndHasAnElectionTime() {
        MasterState st = MasterState.parse(LEADER);

        assertThat(st.leading()).isTrue();
        assertThat(st.hasActiveAgent("S0")).isTrue();
        assertThat(st.hasActiveAgent("S1")).isFalse();
        assertThat(st.unreachable()).isEqualTo(1);
        assertThat(st.framework("F0").orElseThrow().tasks()).extracting(MasterState.Task::id)
                .containsExactly("t1", "t2");
    }

    @Test
    void aFollowerOrAMasterNotYetElectedDoesNotLead() {
        assertThat(MasterState.parse(LEADER.replace("\"leader\":\"master@10.0.0.1:5050\"",
                "\"leader\":\"master@10.0.0.2:5050\"")).leading()).isFalse();
        assertThat(MasterState.parse(LEADER.replace("\"elected_time\":1.5,", "")).leading()).isFalse();
        assertThat(MasterState.parse(LEADER.replace("\"leader\":\"master@10.0.0.1:5050\",", "")).leading())
                .isFalse();
    }
}
