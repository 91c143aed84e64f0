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

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.Environment;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.HealthCheck;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.OfferID;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.Value;
import org.agora.services.internal.TestApps;
import org.agora.services.internal.app.AppDefinition;
import org.junit.jupiter.api.Test;

class ResourcePoolTest {

    static Offer offer(String host, double cpus, double mem, long portsFrom, long portsTo) {
        return Offer.newBuilder().setId(OfferID.newBuilder().setValue("o-" + host))
                .setFrameworkId(FrameworkID.newBuilder().setValue("f"))
                .setAgentId(AgentID.newBuilder().setValue("a-" + host)).setHostname(host)
                .addResources(scalar("cpus", cpus)).addResources(scalar("mem", mem))
                .addResources(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                        .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(portsFrom)
                                .setEnd(portsTo))))
                .build();
    }

    private static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    @Test
    void dynamicPortsComeFromTheOfferAndAreNotGivenTwice() {
        ResourcePool pool = new ResourcePool(offer("h", 1, 256, 31000, 31002));
        ResourcePool.Slice first = pool.take(0.1, 64, 0, 0, List.of(0, 0)).orElseThrow();
        ResourcePool.Slice second = pool.take(0.1, 64, 0, 0, List.of(0)).orElseThrow();
        assertThat(first.ports()).containsExactly(31000, 31001);
        assertThat(second.ports()).containsExactly(31002);
        assertThat(pool.take(0.1, 64, 0, 0, List.of(0))).isEmpty();
        assertThat(pool.shortage(0.1, 64, 0, 0, 1)).contains("InsufficientPorts");
        assertThat(first.resources()).filteredOn(r -> r.getName().equals("ports")).singleElement()
                .satisfies(r -> assertThat(r.getRanges().getRangeList()).hasSize(2));
    }

    @Test
    void scalarsRunOutAndSayWhich() {
        ResourcePool pool = new ResourcePool(offer("h", 0.25, 1024, 31000, 31100));
        assertThat(pool.take(0.1, 64, 0, 0, List.of())).isPresent();
        assertThat(pool.take(0.1, 64, 0, 0, List.of())).isPresent();
        assertThat(pool.take(0.1, 64, 0, 0, List.of())).isEmpty();
        assertThat(pool.shortage(0.1, 64, 0, 0, 0)).contains("InsufficientCpus");
    }

    @Test
    void fixedPortsMustBeOffered() {
        ResourcePool pool = new ResourcePool(offer("h", 1, 256, 31000, 31010));
        assertThat(pool.take(0.1, 64, 0, 0, List.of(8080))).isEmpty();
        assertThat(pool.take(0.1, 64, 0, 0, List.of(31005)).orElseThrow().ports()).containsExactly(31005);
    }

    @Test
    void theTaskCarriesPortVariablesAndTheMesosHealthCheck() {
        AppDefinition app = TestApps.app("""
                {"id": "/shop/web", "cmd": "serve", "env": {"A": "1"},
                 "portDefinitions": [{"port": 0, "name": "http"}, {"port": 0}],
                 "healthChecks": [{"protocol": "MESOS_HTTP", "portIndex": 0, "path": "/health",
                   "gracePeriodSeconds": 30, "intervalSeconds": 2, "timeoutSeconds": 3,
                   "maxConsecutiveFailures": 4}]}""", "v1");
        TaskInfo t = TaskFactory.task(app, "shop_web.1", AgentID.newBuilder().setValue("a").build(), "h",
                List.of(), List.of(31000, 31001));
        Map<String, String> env = new java.util.HashMap<>();
        for (Environment.Variable v : t.getCommand().getEnvironment().getVariablesList()) {
            env.put(v.getName(), v.getValue());
        }
        assertThat(env).containsEntry("PORT0", "31000").containsEntry("PORT1", "31001")
                .containsEntry("PORT", "31000").containsEntry("PORTS", "31000,31001")
                .containsEntry("PORT_HTTP", "31000").containsEntry("A", "1")
                .containsEntry("MARATHON_APP_ID", "/shop/web").containsEntry("MARATHON_APP_VERSION", "v1");
        assertThat(t.getCommand().getShell()).isTrue();
        assertThat(t.getCommand().getValue()).isEqualTo("serve");
        HealthCheck h = t.getHealthCheck();
        assertThat(h.getType()).isEqualTo(HealthCheck.Type.HTTP);
        assertThat(h.getHttp().getPort()).isEqualTo(31000);
        assertThat(h.getHttp().getPath()).isEqualTo("/health");
        assertThat(List.of(h.getGracePeriodSeconds(), h.getIntervalSeconds(), h.getTimeoutSeconds()))
                .containsExactly(30.0, 2.0, 3.0);
        assertThat(h.getConsecutiveFailures()).isEqualTo(4);
    }
}
