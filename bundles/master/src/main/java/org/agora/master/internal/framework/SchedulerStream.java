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
        stream.send(RecordIo.encode(encoding.encode(event)));
    }

    public void close() {
        stream.close();
    }
}
