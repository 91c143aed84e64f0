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
