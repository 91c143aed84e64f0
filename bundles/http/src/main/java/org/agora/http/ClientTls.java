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

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.agora.api.tls.TlsMaterial;
import org.agora.api.tls.TlsMaterialException;

/**
 * TLS for a {@link WebSocketClient}: which CAs the server's certificate must chain to, whether its name must match
 * the host connected to, and the client's own certificate for servers that ask for one. Immutable.
 */
public final class ClientTls {
    private final SslContext context;
    private final boolean verifyHostname;

    private ClientTls(SslContext context, boolean verifyHostname) {
        this.context = context;
        this.verifyHostname = verifyHostname;
    }

    /**
     * @param trust          the CAs to trust; null for the JDK's default CAs
     * @param keys           the client's key and certificate, presented when the server asks; null for none
     * @param verifyHostname whether the server's certificate must name the host (or IP address) connected to
     */
    public static ClientTls create(TrustManagerFactory trust, KeyManagerFactory keys, boolean verifyHostname) {
        try {
            SslContext context = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2").trustManager(trust).keyManager(keys).build();
            return new ClientTls(context, verifyHostname);
        } catch (SSLException e) {
            throw new TlsMaterialException("cannot create a TLS client context: " + e.getMessage(), e);
        }
    }

    /**
     * Trusting the certificates of {@code truststore} (a PEM CA bundle or a PKCS12 truststore), or the JDK's
     * default CAs when empty.
     *
     * @throws TlsMaterialException naming the file and the problem
     */
    public static ClientTls trusting(Optional<Path> truststore, char[] password, boolean verifyHostname) {
        return create(truststore.map(t -> TlsMaterial.trustManagers(t, password)).orElse(null), null,
                verifyHostname);
    }

    public boolean verifiesHostname() {
        return verifyHostname;
    }

    /** A handler that speaks TLS to {@code host:port}, verifying the host name when asked to. */
    SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
        SslHandler handler = context.newHandler(alloc, host, port);
        if (verifyHostname) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        return handler;
    }
}
