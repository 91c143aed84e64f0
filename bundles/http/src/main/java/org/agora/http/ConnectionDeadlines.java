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

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timeouts of one connection, in the phase it is in:
 * <ul>
 * <li>idle (no request in flight, no bytes of the next one): closed after the idle timeout;</li>
 * <li>reading a request's headers (bytes arrived, head not complete): 408 after the header timeout;</li>
 * <li>reading a request's body: 408 after the body timeout, counted from the end of its headers;</li>
 * <li>serving (a request is in flight, including a streaming response that stays open): no timeout at all.</li>
 * </ul>
 * Sits right after the HTTP codec; {@link #rawBytes()} goes right before it to notice the first byte of a request.
 * Removed from the pipeline when the connection becomes a WebSocket. Everything runs on the channel's event loop.
 */
final class ConnectionDeadlines extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionDeadlines.class);
    private static final long NONE = Long.MAX_VALUE;

    private enum Phase { IDLE, HEADERS, BODY, SERVING }

    private final long idleNanos;
    private final long headerNanos;
    private final long bodyNanos;

    private ChannelHandlerContext ctx;
    private boolean partialHead;
    private boolean readingBody;
    private int inFlight;
    private long idleSince;
    private long headStart;
    private long bodyStart;
    private ScheduledFuture<?> timer;
    private long timerAt = NONE;
    private boolean expired;

    ConnectionDeadlines(Duration idle, Duration header, Duration body) {
        this.idleNanos = idle.isZero() ? NONE : idle.toNanos();
        this.headerNanos = header.isZero() ? NONE : header.toNanos();
        this.bodyNanos = body.isZero() ? NONE : body.toNanos();
    }

    /** Watches the undecoded bytes: the first byte of a request starts its header timeout. */
    ChannelInboundHandlerAdapter rawBytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
                if (msg instanceof ByteBuf b && b.isReadable() && !readingBody && !partialHead) {
                    partialHead = true;
                    headStart = System.nanoTime();
                    update();
                }
                c.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        idleSince = System.nanoTime();
        if (context.channel().isActive()) {
            update();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        idleSince = System.nanoTime();
        update();
        super.channelActive(context);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        cancel();
        super.channelInactive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        long now = System.nanoTime();
        if (msg instanceof HttpRequest) {
            partialHead = false;
            readingBody = true;
            bodyStart = now;
        }
        if (msg instanceof LastHttpContent) {
            readingBody = false;
            inFlight++;
        }
        update();
        context.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
        boolean ends = msg instanceof LastHttpContent
                && !(msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL);
        context.write(msg, promise);
        if (ends && inFlight > 0) {
            inFlight--;
            long now = System.nanoTime();
            idleSince = now;
            // a request that was waiting behind this one is timed from now: the wait was not the client's doing
            headStart = partialHead ? now : headStart;
            bodyStart = readingBody ? now : bodyStart;
            update();
        }
    }

    private Phase phase() {
        if (inFlight > 0) {
            return Phase.SERVING;
        }
        if (readingBody) {
            return Phase.BODY;
        }
        return partialHead ? Phase.HEADERS : Phase.IDLE;
    }

    private long deadline(Phase phase) {
        return switch (phase) {
            case SERVING -> NONE;
            case BODY -> plus(bodyStart, bodyNanos);
            case HEADERS -> plus(headStart, headerNanos);
            case IDLE -> plus(idleSince, idleNanos);
        };
    }

    private static long plus(long start, long span) {
        return span == NONE ? NONE : start + span;
    }

    /** Schedules the timer for the current deadline when it is earlier than the one scheduled; see {@link #fire}. */
    private void update() {
        if (expired || ctx == null) {
            return;
        }
        long deadline = deadline(phase());
        if (deadline != NONE && (timer == null || deadline - timerAt < 0)) {
            schedule(deadline);
        }
    }

    private void schedule(long deadline) {
        cancel();
        timerAt = deadline;
        timer = ctx.executor().schedule(this::fire, Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        timerAt = NONE;
    }

    /** The timer went off: act if the deadline of the current phase has passed, else wait for it. */
    private void fire() {
        timer = null;
        timerAt = NONE;
        if (expired || !ctx.channel().isActive()) {
            return;
        }
        Phase phase = phase();
        long deadline = deadline(phase);
        if (deadline == NONE) {
            return;
        }
        if (deadline - System.nanoTime() > 0) {
            schedule(deadline);
            return;
        }
        expired = true;
        switch (phase) {
            case IDLE -> {
                LOG.debug("Closing idle HTTP connection from {} after {} ms", ctx.channel().remoteAddress(),
                        idleNanos / 1_000_000);
                ctx.close();
            }
            case HEADERS -> timeout("Request headers not received within " + headerNanos / 1_000_000 + " ms");
            case BODY -> timeout("Request body not received within " + bodyNanos / 1_000_000 + " ms");
            default -> throw new IllegalStateException(phase.name());
        }
    }

    private void timeout(String message) {
        LOG.debug("408 to {}: {}", ctx.channel().remoteAddress(), message);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.copiedBuffer(message, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, Response.TEXT)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
