package org.agora.http;

import java.net.SocketAddress;

/** One end of an open WebSocket. Safe to use from any thread. */
public interface WebSocketSession {

    /** Send one binary message; dropped when the session is closed. */
    void send(byte[] message);

    /** Close the connection (the peer's listener sees it close). Idempotent. */
    void close();

    boolean isOpen();

    SocketAddress remoteAddress();
}
