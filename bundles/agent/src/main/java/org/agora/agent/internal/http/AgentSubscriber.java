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

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.agora.agent.internal.events.OperatorEventStream;
import org.agora.agent.internal.security.Caller;
import org.agora.api.recordio.RecordIo;
import org.agora.api.security.Action;
import org.agora.api.agentevents.AgentEvents.Event;
import org.agora.http.Encoding;
import org.agora.http.ResponseStream;

/**
 * One SUBSCRIBE connection to the agent's operator API. It joins the {@link OperatorEventStream} on the actor thread
 * at the moment its state is taken; its SUBSCRIBED event (that state, as the caller may see it, worked out off the
 * actor) goes first, then the events that came meanwhile, in order, once the HTTP stream is open. Whether the caller
 * may see an event is asked of the authorizer on {@code io}, never on the actor (each decision once per user);
 * RecordIO records in the accepted encoding, one per chunk, handed to Netty. Thread-safe.
 */
final class AgentSubscriber implements OperatorEventStream.Subscriber {
    private record Pending(Event event, Action action, String user) {
    }

    private final Encoding encoding;
    private final Caller caller;
    private final Executor io;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Decisions by action and user; touched only by the one drain running at a time. */
    private final Map<String, Boolean> decided = new HashMap<>();
    private ResponseStream stream;
    private boolean subscribed;
    private boolean draining;
    private boolean closed;

    AgentSubscriber(Encoding encoding, Caller caller, Executor io) {
        this.encoding = encoding;
        this.caller = caller;
        this.io = io;
    }

    /** The SUBSCRIBED event: it goes out before everything queued. */
    void subscribed(Event event) {
        synchronized (this) {
            queue.addFirst(new Pending(event, null, null));
            subscribed = true;
        }
        drainLater();
    }

    /** The HTTP stream opened. */
    void opened(ResponseStream opened) {
        synchronized (this) {
            if (closed) {
                opened.close();
                return;
            }
            stream = opened;
        }
        drainLater();
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed && (stream == null || stream.isOpen());
    }

    @Override
    public void send(Event event, Action action, String user) {
        synchronized (this) {
            if (closed) {
                return;
            }
            queue.addLast(new Pending(event, action, user));
        }
        drainLater();
    }

    @Override
    public synchronized void close() {
        closed = true;
        queue.clear();
        if (stream != null) {
            stream.close();
        }
    }

    private void drainLater() {
        synchronized (this) {
            if (draining || !subscribed || stream == null || queue.isEmpty() || closed) {
                return;
            }
            draining = true;
        }
        io.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Pending p;
            ResponseStream out;
            synchronized (this) {
                p = queue.pollFirst();
                if (p == null || closed) {
                    draining = false;
                    return;
                }
                out = stream;
            }
            if (p.action() == null || mayView(p.action(), p.user())) {
                out.send(RecordIo.encode(encoding.encode(p.event())));
            }
        }
    }

    private boolean mayView(Action action, String user) {
        return decided.computeIfAbsent(action + "\u0000" + user, k -> caller.may(action, Optional.of(user)));
    }
}
