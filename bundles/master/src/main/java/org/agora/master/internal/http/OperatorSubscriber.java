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
package org.agora.master.internal.http;

import java.util.ArrayList;
import java.util.List;
import org.agora.api.recordio.RecordIo;
import org.agora.api.security.Action;
import org.agora.api.v1.master.Protos.Event;
import org.agora.http.Encoding;
import org.agora.http.ResponseStream;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.security.Permissions;
import org.agora.master.internal.term.OperatorEvents;

/**
 * One operator API {@code SUBSCRIBE} connection. It joins the term's {@link OperatorEvents} on the actor thread at
 * the moment its SUBSCRIBED state is taken, before its HTTP stream is open: events until then wait here, in order,
 * and go out when the stream opens. Events are RecordIO-framed, one record per chunk, in the accepted encoding.
 * Thread-safe (events come from the actor thread, the stream opens on a network thread).
 */
final class OperatorSubscriber implements OperatorEvents.Subscriber {
    private final Encoding encoding;
    private final Caller caller;
    private final Permissions permissions;
    private List<Event> waiting = new ArrayList<>();
    private ResponseStream stream;
    private boolean closed;

    OperatorSubscriber(Encoding encoding, Caller caller, Permissions permissions) {
        this.encoding = encoding;
        this.caller = caller;
        this.permissions = permissions;
    }

    /** The HTTP stream opened: what waited goes out, then every event as it comes. */
    synchronized void opened(ResponseStream opened) {
        if (closed) {
            opened.close();
            return;
        }
        stream = opened;
        waiting.forEach(this::write);
        waiting = null;
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed && (stream == null || stream.isOpen());
    }

    @Override
    public boolean mayView(Action action, String user) {
        return permissions.allows(caller, action, user);
    }

    @Override
    public synchronized void send(Event event) {
        if (closed) {
            return;
        }
        if (stream == null) {
            waiting.add(event);
        } else {
            write(event);
        }
    }

    private void write(Event event) {
        stream.send(RecordIo.encode(encoding.encode(event)));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (stream != null) {
            stream.close();
        }
    }
}
