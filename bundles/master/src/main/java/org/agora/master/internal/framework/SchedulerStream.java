package org.agora.master.internal.framework;

import java.nio.charset.StandardCharsets;
import org.agora.api.json.ProtoJson;
import org.agora.api.recordio.RecordIo;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.http.Encoding;
import org.agora.http.ResponseStream;

/**
 * One framework's SUBSCRIBE connection: events go out RecordIO-framed, one record per HTTP chunk, in the encoding
 * the scheduler accepted (compact single-line JSON or protobuf).
 */
public final class SchedulerStream {
    private final String streamId;
    private final Encoding encoding;
    private final ResponseStream stream;

    public SchedulerStream(String streamId, Encoding encoding, ResponseStream stream) {
        this.streamId = streamId;
        this.encoding = encoding;
        this.stream = stream;
    }

    public String id() {
        return streamId;
    }

    public boolean isOpen() {
        return stream.isOpen();
    }

    public void send(Event event) {
        byte[] data = encoding == Encoding.JSON
                ? ProtoJson.printWithExplicitDefaults(event).getBytes(StandardCharsets.UTF_8) : event.toByteArray();
        byte[] header = RecordIo.header(data.length);
        byte[] chunk = new byte[header.length + data.length];
        System.arraycopy(header, 0, chunk, 0, header.length);
        System.arraycopy(data, 0, chunk, header.length, data.length);
        stream.send(chunk);
    }

    public void close() {
        stream.close();
    }
}
