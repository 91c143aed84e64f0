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
package org.agora.scheduler.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.agora.api.v1.scheduler.Protos.Event;

/** Keeps every callback, for assertions; optionally reacts to a disconnect. */
final class RecordingHandler implements EventHandler {

    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<Disconnect> disconnects = new CopyOnWriteArrayList<>();
    volatile Consumer<Disconnect> onDisconnect = d -> { };

    @Override
    public void event(Event event) {
        events.add(event);
    }

    @Override
    public void disconnected(Disconnect disconnect) {
        disconnects.add(disconnect);
        onDisconnect.accept(disconnect);
    }

    List<Event.Type> types() {
        return events.stream().map(Event::getType).toList();
    }

    List<Event.Type> typesWithoutHeartbeats() {
        return types().stream().filter(t -> t != Event.Type.HEARTBEAT).toList();
    }
}
