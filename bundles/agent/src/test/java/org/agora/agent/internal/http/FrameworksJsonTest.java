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
package org.agora.agent.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.agora.agent.internal.task.TasksView;
import org.agora.api.json.Json;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class FrameworksJsonTest {

    @Test
    void frameworksExecutorsAndTasksTakeTheShapeOfMesossAgentState() {
        Resource cpus = Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(0.5)).build();
        Task task = Task.newBuilder().setName("sleepy").setTaskId(TaskID.newBuilder().setValue("t1"))
                .setFrameworkId(FrameworkID.newBuilder().setValue("f1")).setAgentId(AgentID.newBuilder().setValue("a1"))
                .setState(TaskState.TASK_RUNNING).addResources(cpus)
                .addStatuses(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1"))
                        .setState(TaskState.TASK_RUNNING).setTimestamp(1.7e9)
                        .setSource(TaskStatus.Source.SOURCE_EXECUTOR))
                .build();
        TasksView.ExecutorView executor = new TasksView.ExecutorView(ExecutorID.newBuilder().setValue("t1").build(),
                "Command Executor (Task: t1) (Command: sh -c 'sleep 9')", "t1",
                ContainerID.newBuilder().setValue("c-1").build(), Path.of("/w/slaves/a1/runs/c-1"), List.of(cpus),
                List.of(task), List.of(), "svc");
        FrameworkInfo info = FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue("f1"))
                .setName("marathon").setUser("svc").build();

        List<Map<String, Object>> json = FrameworksJson.frameworks(List.of(
                new TasksView.FrameworkView(info, List.of(executor), List.of())));

        assertThat(Json.write(json)).isEqualTo("[{\"id\":\"f1\",\"name\":\"marathon\",\"user\":\"svc\","
                + "\"failover_timeout\":0.0,\"checkpoint\":false,\"hostname\":\"\",\"role\":\"*\",\"capabilities\":[],"
                + "\"executors\":[{\"id\":\"t1\",\"name\":\"Command Executor (Task: t1) (Command: sh -c 'sleep 9')\","
                + "\"source\":\"t1\",\"container\":\"c-1\",\"directory\":\"/w/slaves/a1/runs/c-1\","
                + "\"resources\":{\"cpus\":0.5,\"disk\":0.0,\"gpus\":0.0,\"mem\":0.0},"
                + "\"tasks\":[{\"id\":\"t1\",\"name\":\"sleepy\",\"framework_id\":\"f1\","
                + "\"executor_id\":\"\",\"slave_id\":\"a1\",\"state\":\"TASK_RUNNING\","
                + "\"resources\":{\"cpus\":0.5,\"disk\":0.0,\"gpus\":0.0,\"mem\":0.0},"
                + "\"statuses\":[{\"state\":\"TASK_RUNNING\",\"timestamp\":1700000000.0,"
                + "\"source\":\"SOURCE_EXECUTOR\"}]}],"
                + "\"queued_tasks\":[],\"completed_tasks\":[]}],\"completed_executors\":[]}]");
    }
}
