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
package org.agora.services.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.agora.api.v1.Protos.TaskState;
import org.agora.services.internal.TestApps;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.deploy.Deployment;
import org.agora.services.internal.deploy.StepAction;
import org.agora.services.internal.instance.Health;
import org.agora.services.internal.instance.Instance;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceStoreTest {
    private TestingServer zk;
    private CuratorFramework client;
    private ServiceStore store;

    @BeforeEach
    void start() throws Exception {
        zk = new TestingServer(true);
        client = CuratorFrameworkFactory.builder().connectString(zk.getConnectString()).sessionTimeoutMs(10000)
                .connectionTimeoutMs(2000).retryPolicy(new RetryNTimes(1, 100)).build();
        client.start();
        client.blockUntilConnected();
        store = new ServiceStore(client, "/services");
        store.init();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        zk.close();
    }

    private static Deployment start(AppDefinition app) {
        return new Deployment("d-" + app.version(), app.version(), app.id(),
                List.of(StepAction.StartApplication, StepAction.ScaleApplication), 0, Optional.empty(),
                Optional.of(app));
    }

    @Test
    void appsDeploymentsInstancesAndTheFrameworkIdComeBackOneZnodeEach() throws Exception {
        AppDefinition v1 = TestApps.app("{\"id\": \"/shop/web\", \"cmd\": \"x\", \"instances\": 2}", "2026-01-01");
        store.saveApp(v1, false, start(v1), List.of());
        AppDefinition v2 = v1.scaled(3, "2026-01-02");
        Deployment scale = new Deployment("d2", v2.version(), v2.id(), List.of(StepAction.ScaleApplication), 0,
                Optional.of(v1), Optional.of(v2));
        store.saveApp(v2, true, scale, List.of("d-2026-01-01"));
        Instance i = new Instance("shop_web.1", v1.id(), v1.version(), v1.lastConfigChangeAt(), "agent-1", "h",
                List.of(31000), TaskState.TASK_RUNNING, Instant.parse("2026-01-01T00:00:00Z"),
                Optional.of(Instant.parse("2026-01-01T00:00:01Z")), false, Health.UNKNOWN);
        store.saveInstance(i);
        store.saveFrameworkId("fw-1");

        StoredState s = store.load();
        assertThat(s.frameworkId()).contains("fw-1");
        assertThat(s.apps()).containsExactly(v2);
        assertThat(s.deployments()).containsExactly(scale);
        assertThat(s.instances()).containsExactly(i);
        assertThat(store.versions("/shop/web")).containsExactly("2026-01-01", "2026-01-02");
        assertThat(store.version("/shop/web", "2026-01-01")).contains(v1);
        assertThat(client.getChildren().forPath("/services/apps")).containsExactly("shop%2Fweb");
        assertThat(client.getChildren().forPath("/services/instances")).containsExactly("shop_web.1");
    }

    @Test
    void removingAnAppTakesItsVersionsWithIt() {
        AppDefinition v1 = TestApps.app("{\"id\": \"/a\", \"cmd\": \"x\"}", "1");
        store.saveApp(v1, false, start(v1), List.of());
        Deployment stop = new Deployment("stop", "2", "/a", List.of(StepAction.StopApplication), 0,
                Optional.of(v1), Optional.empty());
        store.saveStop(stop, "/a", List.of("d-1"));
        StoredState s = store.load();
        assertThat(s.apps()).isEmpty();
        assertThat(s.deployments()).containsExactly(stop);
        assertThat(store.versions("/a")).isEmpty();
    }

    @Test
    void aFailedTransactionAppliesNothing() {
        AppDefinition v1 = TestApps.app("{\"id\": \"/a\", \"cmd\": \"x\"}", "1");
        store.saveApp(v1, false, start(v1), List.of());
        AppDefinition v2 = TestApps.app("{\"id\": \"/a\", \"cmd\": \"y\"}", "2");
        // the deployment to replace does not exist: the whole change fails, the new version is not stored
        assertThatThrownBy(() -> store.saveApp(v2, true, start(v2), List.of("no-such-deployment")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(store.load().apps()).containsExactly(v1);
        assertThat(store.versions("/a")).containsExactly("1");
    }

    @Test
    void writesFailWhileZooKeeperIsDown() throws Exception {
        AppDefinition v1 = TestApps.app("{\"id\": \"/a\", \"cmd\": \"x\"}", "1");
        zk.stop();
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> !client.getZookeeperClient().isConnected());
        assertThatThrownBy(() -> store.saveApp(v1, false, start(v1), List.of()))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("ZooKeeper");
        zk.restart();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> client.getZookeeperClient().isConnected());
        assertThat(store.load().apps()).isEmpty();
    }

    @Test
    void aGroupChangeIsStoredWholeOrNotAtAll() throws Exception {
        AppDefinition db = TestApps.app("{\"id\": \"/shop/db\", \"cmd\": \"x\"}", "2026-02-01");
        AppDefinition web = TestApps.app(
                "{\"id\": \"/shop/web\", \"cmd\": \"x\", \"dependencies\": [\"db\"]}", "2026-02-01");
        org.agora.services.internal.app.GroupMeta shop = new org.agora.services.internal.app.GroupMeta("/shop",
                List.of("/infra"), List.of("2026-02-01"));
        Deployment startWeb = new Deployment("d-w", web.version(), web.id(), List.of(StepAction.StartApplication), 0,
                Optional.empty(), Optional.of(web));
        store.saveChanges(List.of(db, web), java.util.Set.of(), List.of(), List.of(start(db), startWeb), List.of(),
                List.of(shop), java.util.Set.of(), List.of());
        assertThat(store.load().apps()).extracting(AppDefinition::id)
                .containsExactlyInAnyOrder("/shop/db", "/shop/web");
        assertThat(store.load().apps()).filteredOn(a -> a.id().equals("/shop/web")).singleElement()
                .satisfies(a -> assertThat(a.dependencies()).containsExactly("/shop/db"));
        assertThat(store.loadGroups()).containsExactly(shop);

        // the second app is given as new but exists: the transaction fails, the first app is not created either
        AppDefinition other = TestApps.app("{\"id\": \"/other\", \"cmd\": \"x\"}", "2026-02-02");
        AppDefinition db2 = db.scaled(3, "2026-02-02");
        assertThatThrownBy(() -> store.saveChanges(List.of(other, db2), java.util.Set.of(), List.of(),
                List.of(start(other)), List.of(), List.of(), java.util.Set.of("/shop"), List.of("/shop")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(store.load().apps()).extracting(AppDefinition::id)
                .containsExactlyInAnyOrder("/shop/db", "/shop/web");
        assertThat(store.loadGroups()).containsExactly(shop);

        store.saveChanges(List.of(), java.util.Set.of(), List.of("/shop/db", "/shop/web"), List.of(),
                List.of("d-w"), List.of(), java.util.Set.of("/shop"), List.of("/shop"));
        assertThat(store.load().apps()).isEmpty();
        assertThat(store.loadGroups()).isEmpty();
        assertThat(store.load().deployments()).extracting(Deployment::id).containsExactly("d-2026-02-01");
    }
}
