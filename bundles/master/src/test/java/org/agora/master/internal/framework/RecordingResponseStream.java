package org.agora.master.internal.framework;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.agora.http.ResponseStream;

/** A streaming HTTP response in a test: records every chunk, and whether the master closed it. */
public class RecordingResponseStream implements ResponseStream {
    public final List<byte[]> chunks = new CopyOnWriteArrayList<>();
    public volatile boolean open = true;

    @Override
    public void send(byte[] chunk) {
        chunks.add(chunk);
    }

    @Override
    public void close() {
        open = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void onClose(Runnable action) {
    }
}
