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
