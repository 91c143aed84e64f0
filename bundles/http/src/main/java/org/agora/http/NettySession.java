package org.agora.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.net.SocketAddress;

/** A {@link WebSocketSession} over a Netty channel whose pipeline already speaks WebSocket frames. */
final class NettySession implements WebSocketSession {
    private final Channel channel;

    NettySession(Channel channel) {
        this.channel = channel;
    }

    @Override
    public void send(byte[] message) {
        if (channel.isActive()) {
            channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message)));
        }
    }

    @Override
    public void close() {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame()).addListener(f -> channel.close());
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }
}
