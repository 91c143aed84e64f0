package org.agora.agent.internal.http;

import org.agora.agent.internal.task.ExecutorConnection;
import org.agora.api.recordio.RecordIo;
import org.agora.api.v1.executor.Protos.Event;
import org.agora.http.Encoding;
import org.agora.http.ResponseStream;

/**
 * One executor's SUBSCRIBE connection: events go out RecordIO-framed, one record per HTTP chunk, in the encoding the
 * executor accepted (compact single-line JSON or protobuf).
 */
final class ExecutorStream implements ExecutorConnection {
    private final Encoding encoding;
    private final ResponseStream stream;

    ExecutorStream(Encoding encoding, ResponseStream stream) {
        this.encoding = encoding;
        this.stream = stream;
    }

    @Override
    public void send(Event event) {
        stream.send(RecordIo.encode(encoding.encode(event)));
    }

    @Override
    public void close() {
        stream.close();
    }

    @Override
    public boolean isOpen() {
        return stream.isOpen();
    }
}
