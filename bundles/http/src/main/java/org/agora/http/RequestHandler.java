package org.agora.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Netty requests into {@link Request}s, dispatches them and writes the answer. One request per connection is in
 * flight at a time (reading pauses until the answer is written), so pipelined requests are answered in order.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
    private static final int MAX_WEBSOCKET_MESSAGE = 64 * 1024 * 1024;

    private final Router router;

    RequestHandler(Router router) {
        this.router = router;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        if (!msg.decoderResult().isSuccess()) {
            Throwable cause = msg.decoderResult().cause();
            int status = cause instanceof TooLongFrameException ? 413 : 400;
            write(ctx, false, Response.text(status, "Malformed HTTP request: " + cause.getMessage()));
            return;
        }
        String path;
        try {
            path = QueryStringDecoder.decodeComponent(Request.pathOf(msg.uri()));
        } catch (IllegalArgumentException e) {
            write(ctx, false, Response.text(400, "Malformed request target '" + msg.uri() + "': " + e.getMessage()));
            return;
        }
        var headers = msg.headers().copy();
        Request request = new Request(msg.method().name(), path, new QueryStringDecoder(msg.uri()).parameters(),
                headers::get, ByteBufUtil.getBytes(msg.content()), ctx.channel().remoteAddress());
        boolean keepAlive = HttpUtil.isKeepAlive(msg);

        var ws = router.webSocket(path);
        if (ws.isPresent() && "websocket".equalsIgnoreCase(msg.headers().get(HttpHeaderNames.UPGRADE))) {
            upgrade(ctx, msg, request, ws.get());
            return;
        }
        ctx.channel().config().setAutoRead(false);
        router.dispatch(request).whenComplete((response, error) -> {
            Response r = error == null ? response : failure(request, error);
            ctx.executor().execute(() -> {
                write(ctx, keepAlive, r);
                ctx.channel().config().setAutoRead(true);
            });
        });
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
        String url = "ws://" + msg.headers().get(HttpHeaderNames.HOST, "localhost") + request.path();
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(url, null, false, MAX_WEBSOCKET_MESSAGE).newHandshaker(msg);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        WebSocketListener listener = handler.open(request, new NettySession(ctx.channel()));
        ctx.pipeline().replace(this, "websocket", new WebSocketFrames(() -> listener));
        handshaker.handshake(ctx.channel(), msg).addListener(f -> {
            if (f.isSuccess()) {
                ctx.pipeline().addBefore("websocket", "ws-aggregator",
                        new WebSocketFrameAggregator(MAX_WEBSOCKET_MESSAGE));
            } else {
                LOG.warn("WebSocket handshake with {} on {} failed: {}", request.remoteAddress(), request.path(),
                        f.cause().toString());
                ctx.close();
            }
        });
    }

    private static void write(ChannelHandlerContext ctx, boolean keepAlive, Response r) {
        if (r.isStream()) {
            writeStream(ctx, r);
            return;
        }
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

    private static void writeStream(ChannelHandlerContext ctx, Response r) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()));
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        r.headers().forEach((k, v) -> head.headers().set(k, v));
        HttpUtil.setTransferEncodingChunked(head, true);
        ctx.writeAndFlush(head);
        ChannelStream stream = new ChannelStream(ctx);
        ctx.channel().closeFuture().addListener(f -> stream.closed());
        r.streamOpened().accept(stream);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** A chunked response body bound to one connection. */
    private static final class ChannelStream implements ResponseStream {
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
}
