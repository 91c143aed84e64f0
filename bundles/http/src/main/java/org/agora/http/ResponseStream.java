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
package org.agora.http;

/**
 * The open body of a streaming (chunked) response. Each {@link #send} becomes exactly one HTTP chunk, which is what
 * naive RecordIO clients rely on. Safe to call from any thread.
 */
public interface ResponseStream {

    /** Write one chunk; dropped silently once the stream is closed. */
    void send(byte[] chunk);

    /**
     * End the response with its last chunk. As in Mesos, the connection then serves the client's next request, or
     * closes if the client asked for that ({@code Connection: close}); chunks sent after this are dropped.
     */
    void close();

    boolean isOpen();

    /** Run {@code action} once when the stream closes, whichever side closed it; at once if already closed. */
    void onClose(Runnable action);
}
