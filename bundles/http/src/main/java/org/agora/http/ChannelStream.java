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
import java.util.concurrent.atomic.AtomicBoolean;

/** A chunked response body bound to one connection. */
final class ChannelStream implements ResponseStream {
    private final ChannelHandlerContext ctx;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final List<Runnable> onClose = new ArrayList<>();

    ChannelStream(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void send(byte[] chunk) {
        if (open.get()) {
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
        }
    }

    @Override
    public void close() {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        }
        closed();
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

    void closed() {
        List<Runnable> actions;
        synchronized (onClose) {
            if (!open.compareAndSet(true, false)) {
                return;
            }
            actions = List.copyOf(onClose);
            onClose.clear();
        }
        actions.forEach(Runnable::run);
    }
}
