package org.agora.master.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agora.api.channel.Channel.Envelope;
import org.agora.api.channel.Channel.Heartbeat;
import org.agora.api.channel.Channel.RegisterAgent;
import org.agora.api.channel.Channel.ReregisterAgent;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.http.Request;
import org.agora.http.WebSocketListener;
import org.agora.master.internal.MasterComponent;
import org.agora.master.internal.MasterSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent channel while the master's actor thread is busy (as when thousands of agents re-register after a
 * failover): heartbeats are still answered, a re-registration superseded by a newer one of the same agent is not
 * handled, and what a closed channel left queued is dropped. The actor is held with a latch, never timed.
 */
class AgentChannelLoadTest {
    private MasterComponent master;
    private AgentChannel channel;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() {
        master = new MasterComponent(MasterSettings.of(Map.of("port", 0, "ip", "127.0.0.1", "hostname",
                "localhost")));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> master.snapshot().get(5, TimeUnit.SECONDS).leading());
        channel = new AgentChannel(master);
    }

    @AfterEach
    void stop() {
        release.countDown();
        master.stop();
    }

    private record Agent(RecordingAgentSession session, WebSocketListener listener) {
        void send(Envelope e) {
            listener.onMessage(e.toByteArray());
        }
    }

    private Agent open() {
        RecordingAgentSession session = new RecordingAgentSession();
        Request upgrade = new Request("GET", AgentChannel.PATH, Map.of(), h -> null, new byte[0],
                new InetSocketAddress("127.0.0.1", 1));
        return new Agent(session, channel.open(upgrade, session));
    }

    private static AgentInfo info() {
        return AgentInfo.newBuilder().setHostname("a1").setPort(5051).build();
    }

    private AgentID registered(Agent a) {
        a.send(Envelope.newBuilder().setRegisterAgent(RegisterAgent.newBuilder().setAgentInfo(info())).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.session().received(
                Envelope.MessageCase.AGENT_REGISTERED).isEmpty());
        return a.session().received(Envelope.MessageCase.AGENT_REGISTERED).get(0).getAgentRegistered().getAgentId();
    }

    private void holdActor() {
        CountDownLatch held = new CountDownLatch(1);
        master.call(m -> {
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        try {
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until everything queued on the actor before now has run. */
    private void drain() throws Exception {
        master.call(m -> null).get(10, TimeUnit.SECONDS);
    }

    private static Envelope reregister(AgentID id) {
        return Envelope.newBuilder().setReregisterAgent(ReregisterAgent.newBuilder()
                .setAgentInfo(info().toBuilder().setId(id))).build();
    }

    @Test
    void aRegisteredAgentsHeartbeatIsAnsweredWhileTheActorIsBusy() {
        Agent a = open();
        AgentID id = registered(a);
        holdActor();

        a.send(Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder().setAgentId(id)).build());

        await().atMost(Duration.ofSeconds(10)).until(() -> !a.session().received(Envelope.MessageCase.HEARTBEAT)
                .isEmpty());
        assertThat(a.session().received(Envelope.MessageCase.HEARTBEAT).get(0).getHeartbeat().getAgentId())
                .isEqualTo(id);
    }

    @Test
    void aQueuedReregistrationIsReplacedByTheAgentsNewerOne() throws Exception {
        AgentID id = registered(open());
        holdActor();
        Agent older = open();
        Agent newer = open();

        older.send(reregister(id));
        newer.send(reregister(id));
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> !newer.session().received(
                Envelope.MessageCase.AGENT_REREGISTERED).isEmpty());
        drain();

        assertThat(older.session().received).isEmpty();
        assertThat(newer.session().received(Envelope.MessageCase.AGENT_REREGISTERED)).hasSize(1);
    }

    @Test
    void whatAClosedChannelLeftQueuedIsDropped() throws Exception {
        AgentID id = registered(open());
        holdActor();
        Agent gone = open();

        gone.send(reregister(id));
        gone.listener().onClose();
        release.countDown();
        drain();
        drain();

        assertThat(gone.session().received).isEmpty();
        List<String> active = master.snapshot().get(5, TimeUnit.SECONDS).agents().stream()
                .filter(a -> a.connected()).map(AgentSnapshot::id).toList();
        assertThat(active).as("the first channel is still the agent's").containsExactly(id.getValue());
    }

    @Test
    void stateViewsAreRenderedOffTheActorThread() throws Exception {
        CountDownLatch rendering = new CountDownLatch(1);
        master.render(s -> {
            rendering.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return s;
        });
        assertThat(rendering.await(10, TimeUnit.SECONDS)).isTrue();

        // the actor answers while a view is still being rendered
        assertThat(master.call(m -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS))
                .isEqualTo("agora-master");
    }
}
