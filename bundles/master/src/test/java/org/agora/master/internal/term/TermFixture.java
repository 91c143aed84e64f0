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
package org.agora.master.internal.term;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.agora.allocator.firstfit.internal.FirstFitAllocator;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.RegisterAgent;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.channel.Channel.StatusUpdate;
import org.agora.api.hook.MasterHook;
import org.agora.api.recordio.RecordIoDecoder;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.http.Encoding;
import org.agora.master.internal.Ids;
import org.agora.master.internal.MasterSettings;
import org.agora.master.internal.agent.RecordingAgentSession;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.RecordingResponseStream;
import org.agora.master.internal.framework.SchedulerStream;
import org.agora.master.internal.registry.InMemoryRegistry;
import org.agora.master.internal.registry.Registry;
import org.agora.master.internal.registry.RegistryState;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.security.Permissions;

/**
 * One leadership term, real in every part (the first-fit allocator included), driven the way the master drives it:
 * every call runs on the term's actor thread and the test waits for it. Agents and schedulers are recording
 * endpoints of the real agent channel and scheduler stream. The clock is fixed; the nanosecond clock is the test's.
 */
final class TermFixture implements AutoCloseable {
    static final MasterInfo SELF = MasterInfo.newBuilder().setId("m1").setIp(16777343).setPort(5050)
            .setHostname("localhost").build();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    final ScheduledExecutorService actor = Executors.newSingleThreadScheduledExecutor();
    final AtomicLong nanos = new AtomicLong();
    final Registry registry;
    final LeaderTerm term;

    TermFixture() {
        this(new InMemoryRegistry(), Map.of());
    }

    TermFixture(Registry registry, Map<String, ?> settings) {
        this(registry, settings, Permissions.allowAll());
    }

    TermFixture(Registry registry, Map<String, ?> settings, Permissions permissions) {
        this(registry, settings, permissions, new CopyOnWriteArrayList<>());
    }

    /** @param hooks the master hooks, in the order they run (a live list the test may change) */
    TermFixture(Registry registry, Map<String, ?> settings, Permissions permissions, List<MasterHook> hooks) {
        this.registry = registry;
        RegistryState state = registry.recover().toCompletableFuture().join();
        Map<String, Object> config = new java.util.HashMap<>(Map.of("hostname", "localhost", "ip", "127.0.0.1"));
        config.putAll(settings);
        term = on(() -> {
            LeaderTerm t = new LeaderTerm(SELF, MasterSettings.of(config), registry, state, actor, CLOCK, nanos::get,
                    new Ids(SELF.getId()), hooks, permissions);
            t.useAllocator(new FirstFitAllocator());
            return t;
        });
    }

    /** Runs {@code work} on the actor after everything queued before it, and returns its result. */
    <T> T on(Supplier<T> work) {
        try {
            return actor.submit(work::get).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void run(Runnable work) {
        on(() -> {
            work.run();
            return null;
        });
    }

    /** Lets everything queued on the actor so far run (registry callbacks, coalesced allocations). */
    void settle() {
        run(() -> { });
        run(() -> { });
    }

    void allocate() {
        run(term::allocate);
        settle();
    }

    @Override
    public void close() {
        run(term::close);
        actor.shutdownNow();
    }

    /** An agent on a recording channel. */
    final class FakeAgentChannel extends RecordingAgentSession {
        AgentInfo info;

        AgentID id() {
            return info.getId();
        }

        void send(Envelope e) {
            run(() -> term.agents().onMessage(link, e));
            settle();
        }

        void statusUpdate(FrameworkID framework, TaskID task, TaskState state, String uuid) {
            send(Envelope.newBuilder().setStatusUpdate(StatusUpdate.newBuilder().setFrameworkId(framework)
                    .setStatus(TaskStatus.newBuilder().setTaskId(task).setState(state).setAgentId(id())
                            .setUuid(com.google.protobuf.ByteString.copyFromUtf8(uuid)))).build());
        }

    }

    /** Registers a new agent with {@code resources}; the registry admits it before it hears of it. */
    FakeAgentChannel agent(String hostname, String resources) {
        return agent(hostname, resources, List.of());
    }

    /** The same, for an agent that says it understands {@code channelFeatures} ("run_tasks"). */
    FakeAgentChannel agent(String hostname, String resources, List<String> channelFeatures) {
        FakeAgentChannel a = new FakeAgentChannel();
        AgentInfo info = AgentInfo.newBuilder().setHostname(hostname).setPort(5051)
                .addAllResources(Resources.parse(resources).toList()).build();
        a.send(Envelope.newBuilder().setRegisterAgent(RegisterAgent.newBuilder().setAgentInfo(info)
                .addAllChannelFeatures(channelFeatures)).build());
        a.info = info.toBuilder().setId(a.received(Envelope.MessageCase.AGENT_REGISTERED).get(0)
                .getAgentRegistered().getAgentId()).build();
        return a;
    }

    /** The same agent coming back on a new channel, reporting what it runs. */
    FakeAgentChannel reregister(FakeAgentChannel old, ReregisterAgent.Builder report) {
        FakeAgentChannel a = new FakeAgentChannel();
        a.info = old.info;
        a.send(Envelope.newBuilder().setReregisterAgent(report.setAgentInfo(old.info)).build());
        return a;
    }

    /** A subscribed scheduler whose events are recorded in order. */
    final class FakeScheduler extends RecordingResponseStream {
        final List<Event> events = new CopyOnWriteArrayList<>();
        private final RecordIoDecoder decoder = new RecordIoDecoder();
        final FrameworkID id;
        final String streamId;
        /** Who makes this scheduler's calls (the framework's principal when it has one). */
        Caller caller = Caller.ANONYMOUS;

        FakeScheduler(FrameworkInfo info) {
            FrameworkManager.Admission admission = on(() -> term.schedulerCalls().admit(info));
            this.id = admission.info().getId();
            this.streamId = admission.streamId();
            run(() -> term.schedulerCalls().subscribed(admission, new SchedulerStream(streamId, Encoding.PROTOBUF,
                    this), Set.of()));
            settle();
        }

        @Override
        public synchronized void send(byte[] chunk) {
            super.send(chunk);
            try {
                for (byte[] record : decoder.feed(chunk)) {
                    events.add(Event.parseFrom(record));
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        void call(Call.Builder call) {
            run(() -> term.schedulerCalls().call(call.setFrameworkId(id).build(), streamId, caller));
            settle();
        }

        List<Event> events(Event.Type type) {
            return events.stream().filter(e -> e.getType() == type).toList();
        }

        List<Offer> offers() {
            List<Offer> out = new ArrayList<>();
            events(Event.Type.OFFERS).forEach(e -> out.addAll(e.getOffers().getOffersList()));
            return out;
        }

        Offer lastOffer() {
            List<Offer> all = offers();
            return all.get(all.size() - 1);
        }

        /** Every status of {@code task} the scheduler was sent, oldest first. */
        List<TaskStatus> statuses(String task) {
            return events(Event.Type.UPDATE).stream().map(e -> e.getUpdate().getStatus())
                    .filter(s -> s.getTaskId().getValue().equals(task)).toList();
        }
    }

    FakeScheduler scheduler(FrameworkInfo.Builder info) {
        return new FakeScheduler(info.build());
    }

    static FrameworkInfo.Builder framework(String name) {
        return FrameworkInfo.newBuilder().setName(name).setUser("nobody").setCheckpoint(true)
                .addRoles("*").addCapabilities(FrameworkInfo.Capability.newBuilder()
                        .setType(FrameworkInfo.Capability.Type.MULTI_ROLE));
    }

    static FrameworkInfo.Builder partitionAware(FrameworkInfo.Builder info) {
        return info.addCapabilities(FrameworkInfo.Capability.newBuilder()
                .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE));
    }
}
