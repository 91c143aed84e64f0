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

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Netty requests into {@link Request}s, dispatches them and writes the answers. One request per connection is
 * served at a time: reading pauses while it is, and requests that were already read (pipelined) wait in a queue of
 * at most {@link HttpServerSettings#maxPipelinedRequests()}, so they are answered in order. The request after a full
 * queue is answered 429 in its turn, and the connection closed. Requests that arrive on a connection while it carries
 * a streaming response wait for the stream to end, as Mesos's do; so does a chunked body's next request.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
    private static final int MAX_WEBSOCKET_MESSAGE = 64 * 1024 * 1024;

    private final Router router;
    private final HttpServerSettings settings;
    private final boolean tls;
    private final Queue<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;
    private boolean streaming;
    private boolean overflowed;

    RequestHandler(Router router, HttpServerSettings settings, boolean tls) {
        super(false);
        this.router = router;
        this.settings = settings;
        this.tls = tls;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        if (overflowed) {
            msg.release();
            return;
        }
        if (!busy) {
            serve(ctx, msg);
            return;
        }
        if (waiting.size() < settings.maxPipelinedRequests()) {
            waiting.add(msg);
            return;
        }
        msg.release();
        overflowed = true;
        if (streaming) {
            LOG.debug("Closing the streaming connection from {}: requests pile up behind the stream",
                    ctx.channel().remoteAddress());
            ctx.close();
        }
        // otherwise answered 429 once the requests ahead of it are answered, see next()
    }

    /** Serves {@code msg} and releases it. */
    private void serve(ChannelHandlerContext ctx, FullHttpRequest msg) {
        busy = true;
        ctx.channel().config().setAutoRead(false);
        try {
            Response early = check(msg);
            if (early != null) {
                write(ctx, false, early);
                return;
            }
            RequestTarget target = RequestTarget.parse(msg.uri());
            String path = target.path();
            var query = target.query();
            var headers = msg.headers().copy();
            Request request = new Request(msg.method().name(), path, query, headers::get,
                    ByteBufUtil.getBytes(msg.content()), ctx.channel().remoteAddress());
            boolean keepAlive = HttpUtil.isKeepAlive(msg);
            var ws = router.webSocket(path);
            if (ws.isPresent() && "websocket".equalsIgnoreCase(msg.headers().get(HttpHeaderNames.UPGRADE))) {
                upgrade(ctx, msg, request, ws.get());
                return;
            }
            router.dispatch(request).whenComplete((response, error) -> {
                Response r = error == null ? response : failure(request, error);
                ctx.executor().execute(() -> {
                    if (r.isChunked()) {
                        // the next request waits until the body has ended
                        writeChunked(ctx, keepAlive, r, () -> next(ctx));
                        return;
                    }
                    if (r.isStream()) {
                        // reading on: a client that goes away must be noticed; its next requests wait in the queue
                        streaming = true;
                        writeStream(ctx, keepAlive, r, () -> {
                            streaming = false;
                            next(ctx);
                        });
                        ctx.channel().config().setAutoRead(true);
                        return;
                    }
                    write(ctx, keepAlive, r);
                    if (keepAlive) {
                        next(ctx);
                    }
                });
            });
        } catch (HttpException e) {
            boolean keepAlive = HttpUtil.isKeepAlive(msg);
            write(ctx, keepAlive, Response.text(e.status(), e.getMessage()));
            if (keepAlive) {
                next(ctx);
            }
        } finally {
            msg.release();
        }
    }

    /** The answer to a request that is not served at all (malformed, too large, another HTTP version); or null. */
    private static Response check(FullHttpRequest msg) {
        if (!msg.decoderResult().isSuccess()) {
            Throwable cause = msg.decoderResult().cause();
            if (cause instanceof TooLongHttpLineException) {
                return Response.text(414, "Request line longer than the limit (http.max.request.line.bytes): "
                        + cause.getMessage());
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return Response.text(431, "Request headers larger than the limit (http.max.header.bytes): "
                        + cause.getMessage());
            }
            return Response.text(400, "Malformed HTTP request: " + cause.getMessage());
        }
        HttpVersion version = msg.protocolVersion();
        if (version.majorVersion() != 1) {
            return Response.text(505, "HTTP version " + version.text() + " is not supported; use HTTP/1.1");
        }
        return null;
    }

    /** The request before was answered (and the connection stays open): serve the next one waiting, if any. */
    private void next(ChannelHandlerContext ctx) {
        FullHttpRequest queued = waiting.poll();
        if (queued != null) {
            serve(ctx, queued);
            return;
        }
        busy = false;
        if (overflowed) {
            write(ctx, false, Response.text(429, "More than " + settings.maxPipelinedRequests()
                    + " pipelined requests waiting on one connection (http.max.pipelined.requests); wait for the "
                    + "answers before sending more"));
            return;
        }
        ctx.channel().config().setAutoRead(true);
    }

    private static Response failure(Request request, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpException h) {
            return Response.text(h.status(), h.getMessage());
        }
        LOG.error("{} failed", request, cause);
        return Response.text(500, "Internal error serving " + request.path() + ": " + cause);
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest msg, Request request, WebSocketHandler handler) {
        String url = (tls ? "wss://" : "ws://") + msg.headers().get(HttpHeaderNames.HOST, "localhost")
                + request.path();
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(url, null, false, MAX_WEBSOCKET_MESSAGE).newHandshaker(msg);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        waiting.forEach(FullHttpRequest::release);
        waiting.clear();
        // a WebSocket has no request phases: the peers' heartbeats say whether it is alive
        ctx.pipeline().remove(ConnectionDeadlines.class);
        ctx.pipeline().remove(HttpServer.RAW_BYTES);
        WebSocketListener listener = handler.open(request, new NettySession(ctx.channel()));
        ctx.pipeline().replace(this, "websocket", new WebSocketFrames(() -> listener));
        handshaker.handshake(ctx.channel(), msg).addListener(f -> {
            if (f.isSuccess()) {
                ctx.pipeline().addBefore("websocket", "ws-aggregator",
                        new WebSocketFrameAggregator(MAX_WEBSOCKET_MESSAGE));
                ctx.channel().config().setAutoRead(true);
            } else {
                LOG.warn("WebSocket handshake with {} on {} failed: {}", request.remoteAddress(), request.path(),
                        f.cause().toString());
                ctx.close();
            }
        });
    }

    /** A response whose body is whole (never a stream nor a chunked body). */
    private static void write(ChannelHandlerContext ctx, boolean keepAlive, Response r) {
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
        if (r.contentType() != null) {
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        }
        r.headers().forEach((k, v) -> resp.headers().set(k, v));
        HttpUtil.setContentLength(resp, r.body().length);
        if (keepAlive) {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(resp);
        } else {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void writeChunked(ChannelHandlerContext ctx, boolean keepAlive, Response r, Runnable ended) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()));
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        r.headers().forEach((k, v) -> head.headers().set(k, v));
        HttpUtil.setTransferEncodingChunked(head, true);
        head.headers().set(HttpHeaderNames.CONNECTION,
                keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(head);
        ChannelBody body = new ChannelBody(ctx, keepAlive, ended);
        try {
            r.chunkedWriter().accept(body);
        } catch (RuntimeException e) {
            body.fail(e);
        }
    }

    private static void writeStream(ChannelHandlerContext ctx, boolean keepAlive, Response r, Runnable ended) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()));
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        r.headers().forEach((k, v) -> head.headers().set(k, v));
        HttpUtil.setTransferEncodingChunked(head, true);
        if (!keepAlive) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(head);
        r.streamOpened().accept(ChannelStream.open(ctx, keepAlive, ended));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        waiting.forEach(FullHttpRequest::release);
        waiting.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
