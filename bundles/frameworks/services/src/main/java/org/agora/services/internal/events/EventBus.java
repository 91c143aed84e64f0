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
package org.agora.services.internal.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.agora.api.json.Json;
import org.agora.http.ResponseStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marathon's event bus as Server-Sent Events ({@code /v2/events}): every event is written to every open stream as
 * {@code id: n}, {@code event: <eventType>} and {@code data: <json>} lines. The last {@link #HISTORY} events are
 * kept, so a client that reconnects with {@code Last-Event-ID} gets what it missed (when still kept). Events are
 * published from the scheduler's actor; streams are added from HTTP threads; thread-safe.
 */
public final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    /** Events kept for resuming streams. */
    static final int HISTORY = 1000;

    private record Sent(long id, byte[] frame) {
    }

    private final List<ResponseStream> streams = new CopyOnWriteArrayList<>();
    private final Deque<Sent> history = new ArrayDeque<>();
    private long nextId = 1;

    /**
     * Publishes one event; {@code eventType} and {@code timestamp} are added to {@code payload}.
     *
     * @param eventType Marathon's event type ({@code deployment_success}, ...)
     * @param payload   the event's other fields
     */
    public void publish(String eventType, Map<String, Object> payload) {
        Map<String, Object> data = new LinkedHashMap<>(payload);
        data.put("eventType", eventType);
        data.put("timestamp", Instant.now().toString());
        synchronized (history) {
            long id = nextId++;
            String frame = "id: " + id + "\nevent: " + eventType + "\ndata: " + Json.write(data) + "\n\n";
            Sent sent = new Sent(id, frame.getBytes(StandardCharsets.UTF_8));
            history.addLast(sent);
            if (history.size() > HISTORY) {
                history.removeFirst();
            }
            // under the lock, so that a stream being added gets each event once, replayed or live
            for (ResponseStream s : streams) {
                s.send(sent.frame());
            }
        }
    }

    /**
     * Adds a stream; with {@code lastEventId} the kept events after it are sent first.
     *
     * @param stream      the open response
     * @param lastEventId the {@code Last-Event-ID} header's value, or -1
     */
    public void subscribe(ResponseStream stream, long lastEventId) {
        List<Sent> missed = new ArrayList<>();
        synchronized (history) {
            if (lastEventId >= 0) {
                for (Sent s : history) {
                    if (s.id() > lastEventId) {
                        missed.add(s);
                    }
                }
            }
            stream.send(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            missed.forEach(s -> stream.send(s.frame()));
            // added under the lock so that no event falls between the replay and the live stream
            streams.add(stream);
        }
        stream.onClose(() -> streams.remove(stream));
        LOG.info("event stream opened ({} open, {} events replayed)", streams.size(), missed.size());
    }

    /** How many streams are open. */
    public int subscribers() {
        return streams.size();
    }

    /** Ends every stream (leadership lost, or stopping). */
    public void closeAll() {
        streams.forEach(ResponseStream::close);
        streams.clear();
    }
}
