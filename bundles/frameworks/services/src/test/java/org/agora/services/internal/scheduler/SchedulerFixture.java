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

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.EventHandler;
import org.agora.services.internal.api.Leadership;
import org.agora.services.internal.api.V2Api;
import org.agora.services.internal.events.EventBus;
import org.agora.services.internal.store.ServiceStore;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;

/**
 * A {@link ServicesScheduler} leading on a real ZooKeeper (Curator's TestingServer) with its own actor, subscribed as
 * framework fw-1, whose scheduler client only records launches and kills: the test plays the master and the agent by
 * handing it events ({@link #send}, {@link #offer}, {@link #status}, {@link #killed}) as the client would, on the
 * actor. Close it after each test.
 */
final class SchedulerFixture implements AutoCloseable {
    /** What a test does after each event the scheduler has handled (it samples the app's counts, say). */
    interface AfterEvent {
        void run() throws Exception;
    }

    final TestingServer zk;
    final CuratorFramework curator;
    final ScheduledExecutorService actor = Executors.newSingleThreadScheduledExecutor();
    final RecordingSchedulerClient client = new RecordingSchedulerClient();
    final MovableClock clock = new MovableClock();
    final EventBus events;
    final ServicesScheduler scheduler;
    private volatile EventHandler handler;
    private volatile AfterEvent afterEvent = () -> { };
    private int offers;

    SchedulerFixture() throws Exception {
        this(new EventBus());
    }

    SchedulerFixture(EventBus events) throws Exception {
        this.events = events;
        zk = new TestingServer(true);
        curator = CuratorFrameworkFactory.builder().connectString(zk.getConnectString()).sessionTimeoutMs(10000)
                .retryPolicy(new RetryNTimes(1, 100)).build();
        curator.start();
        curator.blockUntilConnected();
        scheduler = new ServicesScheduler(actor, new ServiceStore(curator, "/services"), events, clock,
                new ServicesScheduler.Settings("marathon", "*", "root", Duration.ofDays(7), "http://localhost:8080",
                        Duration.ofSeconds(10)),
                (h, executor) -> {
                    handler = h;
                    return client;
                });
        scheduler.lead().get(10, TimeUnit.SECONDS);
        subscribed();
    }

    /** Runs {@code action} after every event from now on. */
    void afterEachEvent(AfterEvent action) {
        afterEvent = action;
    }

    /** SUBSCRIBED as framework fw-1, as after (re-)subscription. */
    void subscribed() throws Exception {
        send(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1"))).build());
    }

    /** Hands an event to the scheduler as the client does (on the actor), then runs the test's after-event step. */
    void send(Event e) throws Exception {
        actor.submit(() -> handler.event(e)).get(10, TimeUnit.SECONDS);
        afterEvent.run();
    }

    /** An offer of a fresh host (h1, h2, ...) on agent-1: 10 cpus, 10,000 MB and ports 31000-32000. */
    void offer() throws Exception {
        offers++;
        send(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder()
                .addOffers(ResourcePoolTest.offer("h" + offers, 10, 10_000, 31000, 32000).toBuilder()
                        .setAgentId(AgentID.newBuilder().setValue("agent-1")))).build());
    }

    void status(TaskInfo task, TaskState state, Optional<Boolean> healthy) throws Exception {
        TaskStatus.Builder s = TaskStatus.newBuilder().setTaskId(task.getTaskId()).setState(state)
                .setAgentId(task.getAgentId());
        healthy.ifPresent(s::setHealthy);
        send(Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(s))
                .build());
    }

    /** TASK_KILLED for a task the scheduler asked to kill on agent-1. */
    void killed(String taskId) throws Exception {
        send(Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(
                TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId))
                        .setState(TaskState.TASK_KILLED).setAgentId(AgentID.newBuilder().setValue("agent-1"))))
                .build());
    }

    /** The app with its tasks, as GET /v2/apps/{id}?embed=tasks shows it. */
    Map<String, Object> app(String id) throws Exception {
        return scheduler.app(id, Set.of("tasks")).get(10, TimeUnit.SECONDS);
    }

    /** The /v2 API over this scheduler, as the leader at localhost:8080. */
    V2Api v2Api() {
        return new V2Api(scheduler, events, new Leadership() {
            @Override
            public boolean isLeader() {
                return true;
            }

            @Override
            public Optional<String> leader() {
                return Optional.of("localhost:8080");
            }

            @Override
            public void abdicate() {
                throw new UnsupportedOperationException("the test's master never abdicates");
            }
        }, new V2Api.Info("marathon", "1", "m", "zk", 8080, 1));
    }

    @Override
    public void close() throws Exception {
        scheduler.close();
        curator.close();
        zk.close();
    }
}
