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
package org.agora.master.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agora.api.json.ProtoJson;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.master.Protos.Response;
import org.agora.api.v1.master.Protos.Response.GetState;
import org.agora.master.internal.MasterSnapshot;
import org.junit.jupiter.api.Test;

/** GET_STATE's streamed JSON against the printed message (what {@code Encoding.JSON} answers), byte for byte. */
class GetStateJsonTest {

    private static Response getState(MasterSnapshot s) {
        return Response.newBuilder().setType(Response.Type.GET_STATE).setGetState(GetState.newBuilder()
                .setGetAgents(OperatorApi.getAgents(s)).setGetFrameworks(OperatorApi.getFrameworks(s))
                .setGetTasks(OperatorApi.getTasks(s)).setGetExecutors(ExecutorViews.getExecutors(s))).build();
    }

    @Test
    void writesWhatThePrinterPrintsAlsoAfterATaskChanged() {
        GetStateJson writer = new GetStateJson();
        List<Task> tasks = StateWriterTest.tasks("fw-1");
        Response before = getState(StateWriterTest.variedSnapshot(tasks));

        assertThat(new String(writer.write(before), StandardCharsets.UTF_8))
                .isEqualTo(ProtoJson.printWithExplicitDefaults(before));

        List<Task> changed = new ArrayList<>(tasks);
        Task first = changed.get(0);
        changed.set(0, first.toBuilder().setState(TaskState.TASK_FINISHED).addStatuses(StateWriterTest.status(
                first.getTaskId(), TaskState.TASK_FINISHED, 9.25).setMessage("done")).build());
        Response after = getState(StateWriterTest.variedSnapshot(changed));
        String written = new String(writer.write(after), StandardCharsets.UTF_8);

        assertThat(written).isEqualTo(ProtoJson.printWithExplicitDefaults(after)).contains("\"message\":\"done\"");
    }
}
