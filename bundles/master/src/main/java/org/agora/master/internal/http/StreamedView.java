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
package org.agora.master.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.agora.http.ChunkedBody;
import org.agora.http.Response;
import org.agora.master.internal.MasterAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A large view ({@code /master/state}, {@code GET_STATE}: tens of MB at 10,000 agents) sent in chunks while it is
 * written on the master's views thread. Built whole, each read would cost an array of the document's size (a humongous
 * object that starts a concurrent collection) and a copy of it for the socket, while the master schedules.
 *
 * <p>The head (200) goes out before the document is written: a failure while writing closes the connection without
 * the last chunk, so the reader sees a truncated response. A reader that goes away stops the writing. The views
 * thread never waits for a reader: a slow one's chunks wait in its connection's outbound buffer.
 */
final class StreamedView {
    private static final Logger LOG = LoggerFactory.getLogger(StreamedView.class);
    /** The pieces {@link #outputStream} hands on, as {@code JsonStream}'s. */
    static final int PIECE = 256 * 1024;

    /** What writes the document: it hands each piece to the sink it is given, in order. */
    interface Writer {
        void write(Consumer<byte[]> sink) throws IOException;
    }

    private StreamedView() {
    }

    /** A 200 response of {@code contentType} whose body {@code writer} writes on the views thread. */
    static Response of(MasterAccess master, String what, String contentType, Writer writer) {
        return Response.chunked(200, contentType, body -> master.views().execute(() -> write(what, writer, body)));
    }

    private static void write(String what, Writer writer, ChunkedBody body) {
        try {
            writer.write(piece -> {
                if (!body.isOpen()) {
                    throw new CancellationException("the reader went away");
                }
                body.send(piece);
            });
            body.end();
        } catch (CancellationException e) {
            LOG.debug("{}: the reader closed the connection before the document was written", what);
            body.fail(e);
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: writing the document failed", what, e);
            body.fail(e);
        }
    }

    /** An output stream that hands {@code sink} a piece whenever {@link #PIECE} bytes are full; the rest at close. */
    static OutputStream outputStream(Consumer<byte[]> sink) {
        return new OutputStream() {
            private byte[] piece = new byte[PIECE];
            private int size;

            @Override
            public void write(int b) {
                if (size == piece.length) {
                    handOn();
                }
                piece[size++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                while (len > 0) {
                    if (size == piece.length) {
                        handOn();
                    }
                    int n = Math.min(len, piece.length - size);
                    System.arraycopy(b, off, piece, size, n);
                    size += n;
                    off += n;
                    len -= n;
                }
            }

            private void handOn() {
                byte[] full = piece;
                piece = new byte[PIECE];
                size = 0;
                sink.accept(full);
            }

            @Override
            public void close() {
                if (size > 0) {
                    byte[] rest = Arrays.copyOf(piece, size);
                    size = 0;
                    sink.accept(rest);
                }
            }
        };
    }

    /** {@code message} in the protobuf wire format, through {@link #outputStream}. */
    static void protobuf(com.google.protobuf.MessageLite message, Consumer<byte[]> sink) {
        try (OutputStream out = outputStream(sink)) {
            com.google.protobuf.CodedOutputStream coded = com.google.protobuf.CodedOutputStream.newInstance(out,
                    64 * 1024);
            message.writeTo(coded);
            coded.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
