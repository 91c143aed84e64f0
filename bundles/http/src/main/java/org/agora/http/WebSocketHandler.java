package org.agora.http;

/** Accepts WebSocket connections on a route; returns the listener for the new session's messages. */
@FunctionalInterface
public interface WebSocketHandler {
    WebSocketListener open(Request upgrade, WebSocketSession session);
}
