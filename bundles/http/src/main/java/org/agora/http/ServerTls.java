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

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.agora.api.tls.TlsMaterial;
import org.agora.api.tls.TlsMaterialException;

/**
 * TLS for an {@link HttpServer}: its key and certificate chain from a PKCS12 keystore, the CAs that client
 * certificates must chain to, whether clients must present one, and whether plaintext connections are refused.
 * The files are read once, by {@link #load}, so a malformed keystore stops the component that configures it at
 * start. Compared by the options it was loaded from. TLS 1.2 and 1.3 only, with the JDK's provider.
 */
public final class ServerTls {

    /** Whether clients present a certificate (Mesos: LIBPROCESS_SSL_REQUIRE_CERT, VERIFY_CERT). */
    public enum ClientAuthMode {
        /** Clients are not asked for a certificate. */
        NONE,
        /** Clients are asked; one that presents a certificate must present a valid one. */
        WANT,
        /** Clients without a valid certificate are refused during the handshake. */
        NEED;

        /**
         * @throws IllegalArgumentException unless {@code text} is none, want or need (any case)
         */
        public static ClientAuthMode parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not none, want or need", e);
            }
        }
    }

    private final Path keystore;
    private final Optional<Path> truststore;
    private final ClientAuthMode clientAuth;
    private final boolean required;
    private final SslContext context;

    private ServerTls(Path keystore, Optional<Path> truststore, ClientAuthMode clientAuth, boolean required,
            SslContext context) {
        this.keystore = keystore;
        this.truststore = truststore;
        this.clientAuth = clientAuth;
        this.required = required;
        this.context = context;
    }

    /**
     * Reads the keystore (and truststore) now.
     *
     * @param keystore           PKCS12 keystore with the server's private key and certificate chain
     * @param password           the keystore's password
     * @param truststore         PEM CA bundle or PKCS12 truststore that client certificates must chain to; required
     *                           for {@link ClientAuthMode#WANT} and {@link ClientAuthMode#NEED}
     * @param truststorePassword the PKCS12 truststore's password (empty for PEM)
     * @param required           refuse plaintext connections; otherwise plaintext and TLS share the port
     * @throws TlsMaterialException naming the file and the problem
     * @throws IllegalArgumentException when client certificates are asked for without a truststore
     */
    public static ServerTls load(Path keystore, char[] password, Optional<Path> truststore,
            char[] truststorePassword, ClientAuthMode clientAuth, boolean required) {
        Objects.requireNonNull(clientAuth, "clientAuth");
        if (clientAuth != ClientAuthMode.NONE && truststore.isEmpty()) {
            throw new IllegalArgumentException("client certificates (" + clientAuth.name().toLowerCase(Locale.ROOT)
                    + ") need a truststore of the CAs that sign them");
        }
        KeyManagerFactory keys = TlsMaterial.keyManagers(keystore, password);
        TrustManagerFactory trust = truststore.map(t -> TlsMaterial.trustManagers(t, truststorePassword))
                .orElse(null);
        return build(keystore, keys, truststore, trust, clientAuth, required);
    }

    private static ServerTls build(Path keystore, KeyManagerFactory keys, Optional<Path> truststore,
            TrustManagerFactory trust, ClientAuthMode clientAuth, boolean required) {
        try {
            SslContext context = SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2").trustManager(trust)
                    .clientAuth(switch (clientAuth) {
                        case NONE -> ClientAuth.NONE;
                        case WANT -> ClientAuth.OPTIONAL;
                        case NEED -> ClientAuth.REQUIRE;
                    }).build();
            return new ServerTls(keystore, truststore, clientAuth, required, context);
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsMaterialException(keystore + ": cannot serve TLS with this key: " + e.getMessage(), e);
        }
    }

    /**
     * TLS from the values of the {@code tls.*} configuration keys of master or agent; empty when {@code keystore}
     * is blank (no TLS). The password comes from {@code password} or, when that is blank, from the file
     * {@code passwordFile}; giving both is an error, as is giving neither.
     *
     * @param pid the configuration PID, for error messages
     * @throws IllegalArgumentException naming the PID, the key and the problem (with the file for unusable files)
     */
    public static Optional<ServerTls> fromOptions(String pid, String keystore, String password, String passwordFile,
            String truststore, String truststorePassword, String clientAuth, boolean required) {
        if (keystore.isBlank()) {
            if (!truststore.isBlank() || !clientAuth.isBlank() && !clientAuth.trim().equalsIgnoreCase("none")) {
                throw new IllegalArgumentException(pid + ": tls.truststore and tls.client.auth need tls.keystore");
            }
            return Optional.empty();
        }
        ClientAuthMode mode;
        try {
            mode = clientAuth.isBlank() ? ClientAuthMode.NONE : ClientAuthMode.parse(clientAuth);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(pid + ": tls.client.auth=" + e.getMessage(), e);
        }
        if (mode != ClientAuthMode.NONE && truststore.isBlank()) {
            throw new IllegalArgumentException(pid + ": tls.client.auth=" + clientAuth.trim()
                    + " needs tls.truststore, the CAs that sign client certificates");
        }
        char[] secret = password(pid, "tls.keystore", password, passwordFile);
        Path keys = Path.of(keystore.trim());
        Optional<Path> trust = truststore.isBlank() ? Optional.empty() : Optional.of(Path.of(truststore.trim()));
        KeyManagerFactory keyManagers;
        TrustManagerFactory trustManagers;
        try {
            keyManagers = TlsMaterial.keyManagers(keys, secret);
        } catch (TlsMaterialException e) {
            throw new IllegalArgumentException(pid + ": tls.keystore: " + e.getMessage(), e);
        }
        try {
            trustManagers = trust.map(t -> TlsMaterial.trustManagers(t, truststorePassword.toCharArray()))
                    .orElse(null);
        } catch (TlsMaterialException e) {
            throw new IllegalArgumentException(pid + ": tls.truststore: " + e.getMessage(), e);
        }
        try {
            return Optional.of(build(keys, keyManagers, trust, trustManagers, mode, required));
        } catch (TlsMaterialException e) {
            throw new IllegalArgumentException(pid + ": tls.keystore: " + e.getMessage(), e);
        }
    }

    /**
     * A password given inline ({@code <key>.password}) or in a file ({@code <key>.password.file}).
     *
     * @throws IllegalArgumentException naming the keys when both or neither are given, or the file is unusable
     */
    public static char[] password(String pid, String key, String inline, String file) {
        if (!inline.isEmpty() && !file.isBlank()) {
            throw new IllegalArgumentException(pid + ": give " + key + ".password or " + key
                    + ".password.file, not both");
        }
        if (!file.isBlank()) {
            try {
                return TlsMaterial.passwordFile(Path.of(file.trim()));
            } catch (TlsMaterialException e) {
                throw new IllegalArgumentException(pid + ": " + key + ".password.file: " + e.getMessage(), e);
            }
        }
        if (inline.isEmpty()) {
            throw new IllegalArgumentException(pid + ": " + key + " needs " + key + ".password or " + key
                    + ".password.file");
        }
        return inline.toCharArray();
    }

    public Path keystore() {
        return keystore;
    }

    public Optional<Path> truststore() {
        return truststore;
    }

    public ClientAuthMode clientAuth() {
        return clientAuth;
    }

    /** Whether plaintext connections are refused; otherwise both are served on the same port. */
    public boolean required() {
        return required;
    }

    SslContext context() {
        return context;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerTls t && t.keystore.equals(keystore) && t.truststore.equals(truststore)
                && t.clientAuth == clientAuth && t.required == required;
    }

    @Override
    public int hashCode() {
        return Objects.hash(keystore, truststore, clientAuth, required);
    }

    @Override
    public String toString() {
        return "TLS with " + keystore + truststore.map(t -> ", client certificates from " + t).orElse("")
                + ", client auth " + clientAuth.name().toLowerCase(Locale.ROOT) + (required ? ", required"
                        : ", plaintext accepted too");
    }
}
