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
 * The body of a finite response sent in HTTP chunks while it is produced: for documents too large to build whole
 * (a master's state at 10,000 agents is tens of MB), which would otherwise cost one array of their full size and a
 * copy of it for the socket. Unlike a {@link ResponseStream} it ends with {@link #end}, after which a keep-alive
 * connection serves its next request.
 *
 * <p>The writer that {@link Response#chunked} names is called on the connection's I/O thread once the head is on
 * the wire, and must hand the producing to a thread of its own. {@link #send}, {@link #end} and {@link #fail} may then
 * be called from that thread; the pieces leave in the order sent.
 */
public interface ChunkedBody {

    /** One piece of the body (one HTTP chunk); dropped once the connection has closed. Empty pieces are skipped. */
    void send(byte[] piece);

    /** The body is complete: the last chunk goes out, and a keep-alive connection serves its next request. */
    void end();

    /**
     * The body cannot be completed (producing it failed after the head went out): the connection is closed without
     * the last chunk, so the client sees a truncated response rather than a short document that looks whole.
     */
    void fail(Throwable cause);

    /** False once the client has gone: a producer may stop early. */
    boolean isOpen();
}
