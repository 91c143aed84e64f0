package org.agora.agent.internal.task;

import org.agora.api.v1.executor.Protos.Event;

/** An executor's subscription: the open event stream of its SUBSCRIBE call. Safe to use from any thread. */
public interface ExecutorConnection {

    /** Sends one event; dropped once the connection is closed. */
    void send(Event event);

    /** Ends the stream. */
    void close();

    boolean isOpen();
}
