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
