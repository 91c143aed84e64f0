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
package org.agora.master.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.RegisterAgent;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.channel.ChannelFeatures;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.http.Request;
import org.agora.http.WebSocketClient;
import org.agora.http.WebSocketListener;
import org.agora.http.WebSocketSession;
import org.agora.master.internal.LeadingMaster;
import org.agora.master.internal.MasterComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real master (its HTTP server, agent channel and actor) with {@code agent.registration.backlog} 2, and agents over
 * real WebSockets: registrations beyond the backlog are answered RetryLater on the network thread while the actor is
 * held (with a latch, never timed), agents that do not list {@code retry_later} are queued anyway, and the refusals
 * show in {@code /metrics/snapshot}.
 */
class RegistrationBackPressureTest {
    private MasterComponent master;
    private int port;
    private final WebSocketClient client = new WebSocketClient("test-agents");
    private ActorHold actor;

    @BeforeEach
    void start() throws Exception {
        master = LeadingMaster.start(Map.of("agent.registration.backlog", 2));
        actor = new ActorHold(master);
        port = LeadingMaster.port(master);
    }

    @AfterEach
    void stop() {
        actor.release();
        client.close();
        master.stop();
    }

    /** An agent's end of a channel: what the master sent it, in order. */
    private static final class Agent {
        final List<Envelope> received = new CopyOnWriteArrayList<>();
        final String host;
        final List<String> features;
        WebSocketSession session;

        Agent(String host, List<String> features) {
            this.host = host;
            this.features = features;
        }

        void register() {
            session.send(Envelope.newBuilder().setRegisterAgent(RegisterAgent.newBuilder()
                    .setAgentInfo(AgentInfo.newBuilder().setHostname(host).setPort(5051))
                    .addAllChannelFeatures(features)).build().toByteArray());
        }

        List<Envelope> received(Envelope.MessageCase kind) {
            return received.stream().filter(e -> e.getMessageCase() == kind).toList();
        }
    }

    private Agent connect(String host, List<String> features) throws Exception {
        Agent a = new Agent(host, features);
        a.session = client.connect(URI.create("ws://127.0.0.1:" + port + AgentChannel.PATH), s ->
                new WebSocketListener() {
                    @Override
                    public void onMessage(byte[] message) {
                        try {
                            a.received.add(Envelope.parseFrom(message));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }

                    @Override
                    public void onClose() {
                    }
                }, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        return a;
    }

    private double metric(String key) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/metrics/snapshot")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":([0-9.eE+-]+)").matcher(r.body());
        assertThat(m.find()).as(key + " in " + r.body()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void registrationsBeyondTheBacklogAreToldToRetryLaterAndAdmittedWhenTheyComeBack() throws Exception {
        List<String> canRetry = List.of(ChannelFeatures.RUN_TASKS, ChannelFeatures.RETRY_LATER);
        List<Agent> agents = List.of(connect("a1", canRetry), connect("a2", canRetry), connect("a3", canRetry));
        actor.hold();

        agents.forEach(Agent::register);
        await().atMost(Duration.ofSeconds(10)).until(() -> agents.stream()
                .filter(a -> !a.received(Envelope.MessageCase.RETRY_LATER).isEmpty()).count() == 1);
        Agent refused = agents.stream().filter(a -> !a.received(Envelope.MessageCase.RETRY_LATER).isEmpty())
                .findFirst().orElseThrow();
        int retryAfterMs = refused.received.get(0).getRetryLater().getRetryAfterMs();
        assertThat(retryAfterMs).isBetween(500, 10_000);
        assertThat(refused.received).as("nothing but the RetryLater").hasSize(1);

        actor.release();
        List<Agent> admitted = agents.stream().filter(a -> a != refused).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> admitted.stream()
                .allMatch(a -> !a.received(Envelope.MessageCase.AGENT_REGISTERED).isEmpty()));
        assertThat(refused.received(Envelope.MessageCase.AGENT_REGISTERED)).as("its registration was not queued")
                .isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("master/agent_registrations_waiting") == 0.0);
        assertThat(metric("master/messages_registrations_retry_later")).isEqualTo(1.0);

        // the refused agent comes back when told to (the test need not wait): there is room now
        refused.register();
        await().atMost(Duration.ofSeconds(10)).until(() -> !refused.received(Envelope.MessageCase.AGENT_REGISTERED)
                .isEmpty());
        assertThat(master.snapshot().get(5, TimeUnit.SECONDS).agents()).hasSize(3);
        assertThat(metric("master/messages_registrations_retry_later")).isEqualTo(1.0);
    }

    private static Envelope registration(String host, List<String> features) {
        return Envelope.newBuilder().setRegisterAgent(RegisterAgent.newBuilder()
                .setAgentInfo(AgentInfo.newBuilder().setHostname(host).setPort(5051))
                .addAllChannelFeatures(features)).build();
    }

    private static Envelope reregistration(AgentID id, List<String> features) {
        return Envelope.newBuilder().setReregisterAgent(ReregisterAgent.newBuilder()
                .setAgentInfo(AgentInfo.newBuilder().setHostname("known").setPort(5051).setId(id))
                .addAllChannelFeatures(features)).build();
    }

    /** A channel whose listener the test calls itself, in the order it chooses. */
    private record Direct(RecordingAgentSession session, WebSocketListener listener) {
        void send(Envelope e) {
            listener.onMessage(e.toByteArray());
        }
    }

    private static Direct open(AgentChannel channel) {
        RecordingAgentSession session = new RecordingAgentSession();
        return new Direct(session, channel.open(new Request("GET", AgentChannel.PATH, Map.of(), h -> null,
                new byte[0], new InetSocketAddress("127.0.0.1", 1)), session));
    }

    @Test
    void anAgentWithoutTheFeatureIsQueuedBeyondTheBacklogAndAReplacedReregistrationTakesNoPlace() throws Exception {
        AgentChannel channel = new AgentChannel(master);
        List<String> canRetry = List.of(ChannelFeatures.RETRY_LATER);
        Direct known = open(channel);
        known.send(registration("known", canRetry));
        await().atMost(Duration.ofSeconds(10)).until(() -> !known.session().received(
                Envelope.MessageCase.AGENT_REGISTERED).isEmpty());
        AgentID id = known.session().received(Envelope.MessageCase.AGENT_REGISTERED).get(0).getAgentRegistered()
                .getAgentId();
        actor.hold();

        Direct first = open(channel);
        first.send(reregistration(id, canRetry));
        await().atMost(Duration.ofSeconds(10)).until(() -> channel.registrationsWaiting() == 1);
        // the agent reconnected: its newer re-registration replaces the queued one and takes no second place
        Direct second = open(channel);
        second.send(reregistration(id, canRetry));
        Direct a1 = open(channel);
        a1.send(registration("a1", canRetry));
        await().atMost(Duration.ofSeconds(10)).until(() -> channel.registrationsWaiting() == 2);
        Direct a2 = open(channel);
        a2.send(registration("a2", canRetry));
        await().atMost(Duration.ofSeconds(10)).until(() -> !a2.session().received(
                Envelope.MessageCase.RETRY_LATER).isEmpty());
        Direct old = open(channel);
        old.send(registration("old", List.of(ChannelFeatures.RUN_TASKS)));
        await().atMost(Duration.ofSeconds(10)).until(() -> channel.registrationsWaiting() == 3);
        assertThat(old.session().received).as("queued, as agents without the feature always were").isEmpty();
        assertThat(channel.registrationsToldToRetryLater()).isEqualTo(1);

        // the channel that queued the first re-registration closes before the actor gets to it: the newest, on the
        // agent's open channel, is still handled
        first.listener().onClose();
        actor.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> !second.session().received(
                Envelope.MessageCase.AGENT_REREGISTERED).isEmpty()
                && !a1.session().received(Envelope.MessageCase.AGENT_REGISTERED).isEmpty()
                && !old.session().received(Envelope.MessageCase.AGENT_REGISTERED).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> channel.registrationsWaiting() == 0);
        assertThat(first.session().received).isEmpty();
        assertThat(a2.session().received(Envelope.MessageCase.AGENT_REGISTERED)).isEmpty();
    }
}
