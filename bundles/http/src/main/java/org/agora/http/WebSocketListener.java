package org.agora.http;

/** Receives what arrives on a {@link WebSocketSession}, on a Netty I/O thread, in order. */
public interface WebSocketListener {

    /** One complete binary message (fragments already joined). */
    void onMessage(byte[] message);

    /** The connection is gone, for whatever reason; called once. */
    void onClose();
}
