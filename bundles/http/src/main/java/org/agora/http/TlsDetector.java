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
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the first bytes of a connection: a TLS handshake gets an {@link SslHandler}; plaintext is served as is,
 * or, when TLS is required, answered {@code 400} with a text that says so and closed.
 */
final class TlsDetector extends OptionalSslHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TlsDetector.class);
    private static final String REFUSAL_TEXT = "This server accepts HTTPS (TLS) only.\n";
    private static final byte[] REFUSAL = ("HTTP/1.1 400 Bad Request\r\nContent-Type: " + Response.TEXT
            + "\r\nConnection: close\r\nContent-Length: " + REFUSAL_TEXT.length() + "\r\n\r\n" + REFUSAL_TEXT)
            .getBytes(StandardCharsets.US_ASCII);

    private final boolean required;
    private final Duration handshakeTimeout;

    TlsDetector(ServerTls tls, Duration handshakeTimeout) {
        super(tls.context());
        this.required = tls.required();
        this.handshakeTimeout = handshakeTimeout;
    }

    @Override
    protected SslHandler newSslHandler(ChannelHandlerContext ctx, SslContext context) {
        SslHandler handler = super.newSslHandler(ctx, context);
        if (!handshakeTimeout.isZero()) {
            handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        }
        return handler;
    }

    @Override
    protected String newSslHandlerName() {
        return "tls";
    }

    @Override
    protected ChannelHandler newNonSslHandler(ChannelHandlerContext ctx) {
        return required ? new PlaintextRefusal() : null;
    }

    /** Answers a plaintext connection to a TLS-only server once and closes it. */
    private static final class PlaintextRefusal extends ChannelInboundHandlerAdapter {
        private boolean answered;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (!answered) {
                answered = true;
                LOG.debug("Refusing plaintext HTTP from {}: TLS is required", ctx.channel().remoteAddress());
                ctx.writeAndFlush(Unpooled.wrappedBuffer(REFUSAL)).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
