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
