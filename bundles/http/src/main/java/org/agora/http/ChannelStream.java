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

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A streaming response's body bound to one connection. Its chunks and its last chunk are written by tasks on the
 * connection's event loop, in the order they were asked for, so that no chunk can follow the last one: with the
 * connection kept alive after the stream, a stray chunk would read as the start of the next response. Once the last
 * chunk is written, {@code ended} runs there too (the connection serves the client's next request), or the
 * connection closes when the client asked for that.
 */
final class ChannelStream implements ResponseStream {
    private final ChannelHandlerContext ctx;
    private final boolean keepAlive;
    private final Runnable ended;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final List<Runnable> onClose = new ArrayList<>();
    /** Closes the stream when the connection closes first. */
    private final ChannelFutureListener connectionClosed = f -> closed();
    /** Read and written on the event loop only. */
    private boolean lastWritten;

    private ChannelStream(ChannelHandlerContext ctx, boolean keepAlive, Runnable ended) {
        this.ctx = ctx;
        this.keepAlive = keepAlive;
        this.ended = ended;
    }

    /** A stream on {@code ctx}'s connection, whose response head has been written. */
    static ChannelStream open(ChannelHandlerContext ctx, boolean keepAlive, Runnable ended) {
        ChannelStream stream = new ChannelStream(ctx, keepAlive, ended);
        ctx.channel().closeFuture().addListener(stream.connectionClosed);
        return stream;
    }

    @Override
    public void send(byte[] chunk) {
        if (open.get()) {
            onEventLoop(() -> {
                if (!lastWritten) {
                    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
                }
            });
        }
    }

    @Override
    public void close() {
        if (!closed()) {
            return;
        }
        onEventLoop(() -> {
            if (lastWritten || !ctx.channel().isActive()) {
                return;
            }
            lastWritten = true;
            if (keepAlive) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                // the connection outlives the stream: one that streams again and again must not pile up listeners
                ctx.channel().closeFuture().removeListener(connectionClosed);
                ended.run();
            } else {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    @Override
    public boolean isOpen() {
        return open.get() && ctx.channel().isActive();
    }

    @Override
    public void onClose(Runnable action) {
        boolean runNow;
        synchronized (onClose) {
            runNow = !open.get();
            if (!runNow) {
                onClose.add(action);
            }
        }
        if (runNow) {
            action.run();
        }
    }

    /**
     * Runs {@code write} on the connection's event loop. A send or close that raced the server's stop may find the
     * loop shut down, and the connection gone with it: nothing is left to write, and the caller (often the master's
     * actor) must not fail for it, as it did not when Netty took the write itself.
     */
    private void onEventLoop(Runnable write) {
        try {
            ctx.executor().execute(write);
        } catch (RejectedExecutionException e) {
            closed();
        }
    }

    /** Marks the stream closed and runs its close actions, on the first call only (then true). */
    private boolean closed() {
        List<Runnable> actions;
        synchronized (onClose) {
            if (!open.compareAndSet(true, false)) {
                return false;
            }
            actions = List.copyOf(onClose);
            onClose.clear();
        }
        actions.forEach(Runnable::run);
        return true;
    }
}
