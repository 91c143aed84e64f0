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

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Netty HTTP/1.1 server for one {@link Router}, with the limits and TLS of its {@link HttpServerSettings}. Start it
 * off the caller's thread: binding may take a moment.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    /** Name of the pipeline handler that watches undecoded bytes for {@link ConnectionDeadlines}. */
    static final String RAW_BYTES = "raw-bytes";

    private final String name;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final ConnectionLimit connections;

    private HttpServer(String name, EventLoopGroup boss, EventLoopGroup workers, Channel channel,
            ConnectionLimit connections) {
        this.name = name;
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
        this.connections = connections;
    }

    /** {@link #start(String, String, int, Router, HttpServerSettings)} with the default settings. */
    public static CompletableFuture<HttpServer> start(String name, String host, int port, Router router,
            int ioThreads) {
        return start(name, host, port, router, HttpServerSettings.DEFAULTS.withIoThreads(ioThreads));
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and serves {@code router}. Completes once bound, or fails
     * with the bind error (for example the port is taken).
     */
    public static CompletableFuture<HttpServer> start(String name, String host, int port, Router router,
            HttpServerSettings settings) {
        EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory(name + "-http-accept", true));
        EventLoopGroup workers = new NioEventLoopGroup(settings.ioThreads(),
                new DefaultThreadFactory(name + "-http", true));
        ConnectionLimit limit = new ConnectionLimit(name, settings.maxConnections());
        ServerTls tls = settings.tls().orElse(null);
        CompletableFuture<HttpServer> result = new CompletableFuture<>();
        new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!limit.admit(ch)) {
                            return;
                        }
                        ConnectionDeadlines deadlines = new ConnectionDeadlines(settings.idleTimeout(),
                                settings.headerTimeout(), settings.bodyTimeout());
                        if (tls != null) {
                            ch.pipeline().addLast("tls-detector", new TlsDetector(tls, settings.headerTimeout()));
                        }
                        // under load, messages written from other threads in one burst (events of a scheduler's
                        // stream, agent-channel messages, answers to pipelined calls) leave in one flush: one
                        // syscall and fuller TCP segments (and TLS records); a lone message waits one event-loop turn
                        ch.pipeline().addLast("flushes", new FlushConsolidationHandler(256, true));
                        ch.pipeline().addLast(RAW_BYTES, deadlines.rawBytes())
                                .addLast("codec", new HttpServerCodec(settings.maxRequestLineBytes(),
                                        settings.maxHeaderBytes(), 8192))
                                .addLast("deadlines", deadlines)
                                .addLast("aggregator", new BodyLimit(settings.maxBodyBytes()))
                                .addLast("handler", new RequestHandler(router, settings, tls != null));
                    }
                })
                .bind(host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port))
                .addListener(f -> {
                    if (f.isSuccess()) {
                        Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                        LOG.info("{} HTTP server listening on {}{}", name, ch.localAddress(),
                                tls == null ? "" : " (" + tls + ")");
                        result.complete(new HttpServer(name, boss, workers, ch, limit));
                    } else {
                        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                        result.completeExceptionally(new IllegalStateException(
                                name + " HTTP server cannot listen on " + (host.isEmpty() ? "*" : host) + ":" + port
                                        + ": " + f.cause().getMessage(), f.cause()));
                    }
                });
        return result;
    }

    /** How many connections are open now. */
    public int openConnections() {
        return connections.open();
    }

    /** The port actually bound. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops listening and closes every connection; waits at most a few seconds. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        LOG.info("{} HTTP server stopped", name);
    }
}
