package org.agora.http;

/**
 * The open body of a streaming (chunked) response. Each {@link #send} becomes exactly one HTTP chunk, which is what
 * naive RecordIO clients rely on. Safe to call from any thread.
 */
public interface ResponseStream {

    /** Write one chunk; dropped silently once the stream is closed. */
    void send(byte[] chunk);

    /** End the response (last chunk) and close the connection. */
    void close();

    boolean isOpen();

    /** Run {@code action} once when the stream closes, whichever side closed it; at once if already closed. */
    void onClose(Runnable action);
}
