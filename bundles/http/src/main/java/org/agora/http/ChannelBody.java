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
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link ChunkedBody} bound to one connection; {@code ended} runs on the I/O thread once it ended whole. */
final class ChannelBody implements ChunkedBody {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelBody.class);

    private final ChannelHandlerContext ctx;
    private final boolean keepAlive;
    private final Runnable ended;
    private final AtomicBoolean done = new AtomicBoolean();

    ChannelBody(ChannelHandlerContext ctx, boolean keepAlive, Runnable ended) {
        this.ctx = ctx;
        this.keepAlive = keepAlive;
        this.ended = ended;
    }

    @Override
    public void send(byte[] piece) {
        // an empty chunk would read as the last one
        if (piece.length > 0 && !done.get() && ctx.channel().isActive()) {
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(piece)));
        }
    }

    @Override
    public void end() {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        if (!keepAlive) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        ctx.executor().execute(ended);
    }

    @Override
    public void fail(Throwable cause) {
        if (done.compareAndSet(false, true)) {
            if (ctx.channel().isActive()) {
                LOG.warn("Response to {} failed after its head was sent; closing the connection: {}",
                        ctx.channel().remoteAddress(), cause.toString());
            }
            ctx.close();
        }
    }

    @Override
    public boolean isOpen() {
        return !done.get() && ctx.channel().isActive();
    }
}
