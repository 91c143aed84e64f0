package org.agora.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Netty HTTP/1.1 server for one {@link Router}. Start it off the caller's thread: binding may take a moment. */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    /** Largest request body accepted (chunked bodies are joined up to this size); larger ones get 413. */
    public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final String name;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    private HttpServer(String name, EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
        this.name = name;
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and serves {@code router}. Completes once bound, or fails
     * with the bind error (for example the port is taken).
     */
    public static CompletableFuture<HttpServer> start(String name, String host, int port, Router router,
            int ioThreads) {
        EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory(name + "-http-accept", true));
        EventLoopGroup workers = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory(name + "-http", true));
        CompletableFuture<HttpServer> result = new CompletableFuture<>();
        new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("codec", new HttpServerCodec())
                                .addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES))
                                .addLast("handler", new RequestHandler(router));
                    }
                })
                .bind(host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port))
                .addListener(f -> {
                    if (f.isSuccess()) {
                        Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                        LOG.info("{} HTTP server listening on {}", name, ch.localAddress());
                        result.complete(new HttpServer(name, boss, workers, ch));
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
