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
package org.agora.services.internal.scheduler;

import static org.agora.services.internal.TestApps.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.json.Json;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.Volume;
import org.agora.services.internal.TestApps;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.AppJson;
import org.agora.services.internal.app.InvalidAppException;
import org.junit.jupiter.api.Test;

/** An app's {@code container.volumes} and {@code networks} as the task's {@code ContainerInfo}. */
class TaskContainerTest {
    private static final AgentID AGENT = AgentID.newBuilder().setValue("a").build();

    @Test
    void hostAndSecretVolumesAndContainerNetworksReachTheTask() {
        AppDefinition app = TestApps.app("""
                {"id": "/a", "cmd": "run", "secrets": {"s1": {"source": "db/prod@password"}},
                 "container": {"type": "MESOS", "docker": {"image": "busybox"}, "volumes": [
                   {"containerPath": "/data", "hostPath": "/srv/data", "mode": "RO"},
                   {"containerPath": "scratch", "hostPath": "/srv/scratch"},
                   {"containerPath": "/etc/db-password", "secret": "s1"}]},
                 "networks": [{"mode": "container", "name": "dev"}]}""", "v1");
        TaskInfo t = TaskFactory.task(app, "a.1", AGENT, "h", List.of(), List.of());
        ContainerInfo c = t.getContainer();
        assertThat(c.getType()).isEqualTo(ContainerInfo.Type.MESOS);
        assertThat(c.getMesos().getImage().getDocker().getName()).isEqualTo("busybox");
        assertThat(c.getVolumesList()).hasSize(3);
        assertThat(c.getVolumes(0).getHostPath()).isEqualTo("/srv/data");
        assertThat(c.getVolumes(0).getMode()).isEqualTo(Volume.Mode.RO);
        assertThat(c.getVolumes(1).getMode()).isEqualTo(Volume.Mode.RW);
        Volume secret = c.getVolumes(2);
        assertThat(secret.getMode()).isEqualTo(Volume.Mode.RO);
        assertThat(secret.getSource().getType()).isEqualTo(Volume.Source.Type.SECRET);
        assertThat(secret.getSource().getSecret().getReference().getName()).isEqualTo("db/prod");
        assertThat(secret.getSource().getSecret().getReference().getKey()).isEqualTo("password");
        assertThat(c.getNetworkInfosList()).singleElement()
                .satisfies(n -> assertThat(n.getName()).isEqualTo("dev"));
        // and the definition renders back as it was given, the networks beside the container
        Map<String, Object> rendered = json(Json.write(AppJson.render(app)));
        assertThat(AppJson.parseStored(rendered)).isEqualTo(app);
        assertThat(rendered.get("networks")).isEqualTo(List.of(Map.of("mode", "container", "name", "dev")));
    }

    @Test
    void aContainerNetworkWithoutAnImageStillGivesTheTaskAContainer() {
        AppDefinition app = TestApps.app("""
                {"id": "/a", "cmd": "run", "networks": [{"mode": "container", "name": "dev"}]}""", "v1");
        TaskInfo t = TaskFactory.task(app, "a.1", AGENT, "h", List.of(), List.of());
        assertThat(t.getContainer().hasMesos()).isFalse();
        assertThat(t.getContainer().getNetworkInfos(0).getName()).isEqualTo("dev");
        assertThat(TaskFactory.task(TestApps.app("{\"id\": \"/b\", \"cmd\": \"run\"}", "v1"), "b.1", AGENT, "h",
                List.of(), List.of()).hasContainer()).isFalse();
    }

    @Test
    void badVolumesAndNetworksAreNamedByPath() {
        assertThatThrownBy(() -> AppJson.parse(json("""
                {"id": "/a", "cmd": "x", "container": {"volumes": [
                   {"hostPath": "/x"},
                   {"containerPath": "p", "persistent": {"size": 10}},
                   {"containerPath": "q", "hostPath": "/q", "secret": "s"},
                   {"containerPath": "r", "hostPath": "/r", "mode": "RX"}]},
                 "networks": [{"mode": "container"}, {"mode": "container/bridge"}]}"""), Optional.empty()))
                .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.details())
                        .extracting(d -> d.get("path"))
                        .containsExactlyInAnyOrder("/container/volumes(0)/containerPath",
                                "/container/volumes(1)/persistent", "/container/volumes(2)",
                                "/container/volumes(3)/mode", "/networks(0)/name", "/networks(1)/mode"));
        assertThatThrownBy(() -> AppJson.parse(json("""
                {"id": "/a", "cmd": "x", "networks": [{"mode": "host"}, {"mode": "container", "name": "n"}]}"""),
                Optional.empty()))
                .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.details())
                        .extracting(d -> d.get("path")).containsExactly("/networks"));
        assertThatThrownBy(() -> AppJson.parseValid(json("""
                {"id": "/a", "cmd": "x", "container": {"volumes": [{"containerPath": "p", "secret": "nope"}]}}"""),
                Optional.empty()))
                .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.details())
                        .extracting(d -> d.get("path")).containsExactly("/container/volumes(0)/secret"));
    }
}
