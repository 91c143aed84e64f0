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

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.agora.api.channel.Channel.Envelope;
import org.agora.http.WebSocketSession;

/** The agent's end of an agent channel in a test: records what the master sends, in order. */
public class RecordingAgentSession implements WebSocketSession {
    /** What the master sent on this channel. */
    public final List<Envelope> received = new CopyOnWriteArrayList<>();
    /** The master's end, to hand to the code under test. */
    public final AgentLink link = new AgentLink(this);
    public volatile boolean closed;

    @Override
    public void send(byte[] message) {
        try {
            received.add(Envelope.parseFrom(message));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public SocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 1);
    }

    /** What the master sent of one kind. */
    public List<Envelope> received(Envelope.MessageCase kind) {
        return received.stream().filter(e -> e.getMessageCase() == kind).toList();
    }
}
