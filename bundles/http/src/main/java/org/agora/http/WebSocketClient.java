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

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * Opens WebSocket connections (binary messages only) to {@code ws://host:port/path}, or, when made with
 * {@link ClientTls}, to {@code wss://host:port/path} only. Owns one I/O thread.
 */
public final class WebSocketClient implements AutoCloseable {
    private static final int MAX_MESSAGE = 64 * 1024 * 1024;

    private final EventLoopGroup group;
    private final Optional<ClientTls> tls;

    /** A client for plaintext {@code ws://} URIs. */
    public WebSocketClient(String name) {
        this(name, Optional.empty());
    }

    /** A client for {@code wss://} URIs when {@code tls} is present, else for {@code ws://} URIs. */
    public WebSocketClient(String name, Optional<ClientTls> tls) {
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory(name + "-ws", true));
        this.tls = tls;
    }

    /** The scheme of the URIs this client connects to: {@code wss} with TLS, else {@code ws}. */
    public String scheme() {
        return tls.isPresent() ? "wss" : "ws";
    }

    /**
     * Connects and completes with the session once the handshake is done; {@code listenerFactory} is called then,
     * before any message is delivered. Fails if the connection or the handshake (TLS, then WebSocket) does not
     * succeed within {@code timeout}, when the server's certificate is not trusted, or when {@code uri}'s scheme is
     * not {@link #scheme()}.
     */
    public CompletableFuture<WebSocketSession> connect(URI uri, Function<WebSocketSession, WebSocketListener>
            listenerFactory, Duration timeout) {
        return connect(uri, Map.of(), listenerFactory, timeout);
    }

    /**
     * As {@link #connect(URI, Function, Duration)}, sending {@code headers} with the upgrade request (credentials:
     * {@code Authorization}). A server that refuses the upgrade (401, 403) fails the connect with its status.
     */
    public CompletableFuture<WebSocketSession> connect(URI uri, Map<String, String> headers,
            Function<WebSocketSession, WebSocketListener> listenerFactory, Duration timeout) {
        CompletableFuture<WebSocketSession> result = new CompletableFuture<>();
        if (!scheme().equals(uri.getScheme())) {
            result.completeExceptionally(new IllegalArgumentException("cannot connect to " + uri + ": this client "
                    + "speaks " + scheme() + "://" + (tls.isPresent() ? " (TLS)" : " (no TLS configured)")));
            return result;
        }
        WebSocketListener[] listener = new WebSocketListener[1];
        DefaultHttpHeaders upgradeHeaders = new DefaultHttpHeaders();
        headers.forEach(upgradeHeaders::set);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri).version(WebSocketVersion.V13).allowExtensions(false)
                .customHeaders(upgradeHeaders).maxFramePayloadLength(MAX_MESSAGE)
                .handshakeTimeoutMillis(timeout.toMillis()).build();
        int port = uri.getPort() >= 0 ? uri.getPort() : tls.isPresent() ? 443 : 80;
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls.isPresent()) {
                            SslHandler ssl = tls.get().newHandler(ch.alloc(), uri.getHost(), port);
                            ssl.setHandshakeTimeoutMillis(timeout.toMillis());
                            ch.pipeline().addLast("tls", ssl);
                        }
                        // a burst of messages (an agent's status updates) leaves in one flush, as on the server
                        ch.pipeline().addLast("flushes", new FlushConsolidationHandler(256, true));
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                                new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_MESSAGE),
                                new HandshakeWatcher(result, listener, listenerFactory),
                                new WebSocketFrames(() -> listener[0]));
                    }
                })
                .connect(uri.getHost(), port).addListener(f -> {
                    if (!f.isSuccess()) {
                        result.completeExceptionally(f.cause());
                    }
                });
        return result;
    }

    /** Completes the connect future on handshake, or fails it when the channel dies first. */
    private static final class HandshakeWatcher extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<WebSocketSession> result;
        private final WebSocketListener[] listener;
        private final Function<WebSocketSession, WebSocketListener> factory;

        HandshakeWatcher(CompletableFuture<WebSocketSession> result, WebSocketListener[] listener,
                Function<WebSocketSession, WebSocketListener> factory) {
            this.result = result;
            this.listener = listener;
            this.factory = factory;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                Channel ch = ctx.channel();
                NettySession session = new NettySession(ch);
                listener[0] = factory.apply(session);
                result.complete(session);
            } else if (evt instanceof SslHandshakeCompletionEvent tlsDone && !tlsDone.isSuccess()) {
                result.completeExceptionally(new SSLException("TLS handshake with " + ctx.channel().remoteAddress()
                        + " failed: " + rootMessage(tlsDone.cause()), tlsDone.cause()));
                ctx.close();
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                result.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
                ctx.close();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            result.completeExceptionally(new IllegalStateException("connection closed before the handshake"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.close();
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
