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
package org.agora.agent.internal.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agora.api.agentevents.AgentEvents.Event;
import org.agora.api.security.Action;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent's event stream on a real single-thread actor: order, who may see what, heartbeats, closing. */
class OperatorEventStreamTest {
    /** What a subscriber was handed, with the view each event asks for. */
    record Sent(Event event, Action action, String user) {
    }

    static final class Listener implements OperatorEventStream.Subscriber {
        final List<Sent> sent = new CopyOnWriteArrayList<>();
        volatile boolean open = true;

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void send(Event event, Action action, String user) {
            sent.add(new Sent(event, action, user));
        }

        @Override
        public void close() {
            open = false;
        }

        List<Event.Type> types() {
            return sent.stream().map(s -> s.event().getType()).toList();
        }
    }

    final ScheduledExecutorService actor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        actor.shutdownNow();
    }

    void onActor(Runnable r) throws Exception {
        actor.submit(r).get(10, TimeUnit.SECONDS);
    }

    static TaskStatus status(String task, TaskState state) {
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(task)).setState(state).build();
    }

    @Test
    void eventsArriveInOrderWithTheViewTheyNeed() throws Exception {
        OperatorEventStream stream = new OperatorEventStream(actor, Duration.ofHours(1));
        Listener l = new Listener();
        FrameworkID fw = FrameworkID.newBuilder().setValue("f").build();
        onActor(() -> {
            stream.add(l);
            stream.taskAdded(Task.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t"))
                    .setFrameworkId(fw).setAgentId(org.agora.api.v1.Protos.AgentID.newBuilder().setValue("a"))
                    .setState(TaskState.TASK_STAGING).build(), "framework-user");
            stream.taskUpdated(fw, status("t", TaskState.TASK_RUNNING), "task-user");
            stream.taskUpdated(fw, status("t", TaskState.TASK_FINISHED), "task-user");
        });
        assertThat(l.types()).containsExactly(Event.Type.TASK_ADDED, Event.Type.TASK_UPDATED,
                Event.Type.TASK_UPDATED);
        // a task without a user of its own is its framework's
        assertThat(l.sent.get(0).action()).isEqualTo(Action.VIEW_TASK);
        assertThat(l.sent.get(0).user()).isEqualTo("framework-user");
        assertThat(l.sent.get(2).user()).isEqualTo("task-user");
        assertThat(l.sent.get(2).event().getTaskUpdated().getState()).isEqualTo(TaskState.TASK_FINISHED);
    }

    @Test
    void heartbeatsComeWhileAnyoneListensAndAClosedSubscriberIsDropped() throws Exception {
        OperatorEventStream stream = new OperatorEventStream(actor, Duration.ofMillis(20));
        Listener l = new Listener();
        onActor(() -> stream.add(l));
        await().atMost(Duration.ofSeconds(10)).until(() -> l.types().size() >= 3);
        assertThat(l.types()).containsOnly(Event.Type.HEARTBEAT);
        assertThat(l.sent.get(0).action()).isNull();

        l.open = false;
        int seen = l.sent.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> actor.submit(stream::subscribers).get() == 0);
        onActor(() -> stream.taskUpdated(FrameworkID.newBuilder().setValue("f").build(),
                status("t", TaskState.TASK_RUNNING), "u"));
        assertThat(l.sent.size()).isLessThanOrEqualTo(seen + 1);
        assertThat(l.types()).doesNotContain(Event.Type.TASK_UPDATED);
    }

    @Test
    void closeAllEndsEveryStream() throws Exception {
        OperatorEventStream stream = new OperatorEventStream(actor, Duration.ofHours(1));
        Listener a = new Listener();
        Listener b = new Listener();
        onActor(() -> {
            stream.add(a);
            stream.add(b);
            stream.closeAll();
        });
        assertThat(a.open).isFalse();
        assertThat(b.open).isFalse();
        assertThat(actor.submit(stream::subscribers).get()).isZero();
    }
}
