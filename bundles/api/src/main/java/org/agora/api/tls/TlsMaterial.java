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
package org.agora.api.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Loads the key material of a TLS endpoint and the certificates it trusts, with the JDK's own providers. Every method
 * reads the files when called and fails with a {@link TlsMaterialException} naming the file and the problem: a missing
 * file, a wrong password, a keystore without a private key, a PEM file without certificates. Thread-safe; keeps no
 * state.
 */
public final class TlsMaterial {
    private static final String PEM_BEGIN = "-----BEGIN";

    private TlsMaterial() {
    }

    /**
     * The key managers of a PKCS12 keystore that holds one private key with its certificate chain (the first key
     * entry is used when there are several).
     *
     * @param password the keystore's password, which also protects its key (as keytool makes them)
     * @throws TlsMaterialException naming the file and the problem
     */
    public static KeyManagerFactory keyManagers(Path keystore, char[] password) {
        KeyStore store = pkcs12(keystore, password, "keystore");
        try {
            if (Collections.list(store.aliases()).stream().noneMatch(a -> isKey(store, a))) {
                throw new TlsMaterialException(keystore + ": the keystore holds no private key (only "
                        + store.size() + " certificate(s)); create one with keytool -genkeypair");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            return kmf;
        } catch (UnrecoverableKeyException e) {
            throw new TlsMaterialException(keystore + ": the private key cannot be read with the keystore's "
                    + "password (a key password that differs from the store password is not supported)", e);
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(keystore + ": unusable keystore: " + e.getMessage(), e);
        }
    }

    /**
     * The trust managers for the certificates in {@code truststore}: a PEM file of one or more certificates (a CA
     * bundle) or a PKCS12 keystore of trusted certificates, told apart by content.
     *
     * @param password the PKCS12 password; ignored for PEM files; may be empty
     * @throws TlsMaterialException naming the file and the problem
     */
    public static TrustManagerFactory trustManagers(Path truststore, char[] password) {
        boolean pem = isPem(truststore);
        KeyStore store = pem ? pemStore(truststore) : pkcs12(truststore, password, "truststore");
        try {
            if (store.size() == 0) {
                throw new TlsMaterialException(truststore + ": the truststore holds no certificate"
                        + (!pem && (password == null || password.length == 0)
                                ? " readable without a password (give the truststore's password)" : ""));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(truststore + ": unusable truststore: " + e.getMessage(), e);
        }
    }

    /**
     * An SSL context for clients: trusts the certificates of {@code truststore}, or the JDK's default CAs when it is
     * null, and presents the key of {@code keys} when the server asks for a client certificate (none when null).
     */
    public static SSLContext clientContext(TrustManagerFactory trust, KeyManagerFactory keys) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException("cannot create a TLS client context: " + e.getMessage(), e);
        }
    }

    /**
     * The password in {@code file}: its content without the line break at its end, as {@code echo secret > file}
     * writes it.
     *
     * @throws TlsMaterialException when the file cannot be read or is empty
     */
    public static char[] passwordFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TlsMaterialException(file + ": no such password file", e);
        } catch (IOException e) {
            throw new TlsMaterialException(file + ": cannot read the password file: " + e, e);
        }
        while (text.endsWith("\n") || text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            throw new TlsMaterialException(file + ": the password file is empty");
        }
        return text.toCharArray();
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (KeyStoreException e) {
            return false;
        }
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsMaterialException(file + ": no such " + what + " file", e);
        } catch (IOException e) {
            throw new TlsMaterialException(file + ": cannot read the " + what + ": " + e, e);
        }
    }

    private static boolean isPem(Path file) {
        byte[] head = read(file, "truststore");
        String start = new String(head, 0, Math.min(head.length, 4096), StandardCharsets.ISO_8859_1);
        return start.contains(PEM_BEGIN);
    }

    private static KeyStore pkcs12(Path file, char[] password, String what) {
        byte[] bytes = read(file, what);
        if (bytes.length == 0) {
            throw new TlsMaterialException(file + ": the " + what + " file is empty");
        }
        if (new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1).contains(PEM_BEGIN)) {
            throw new TlsMaterialException(file + ": a PEM file, not a PKCS12 " + what
                    + " (convert it with openssl pkcs12 -export)");
        }
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password == null || password.length == 0 ? null : password);
            return store;
        } catch (IOException e) {
            Throwable cause = e.getCause();
            String problem = cause instanceof UnrecoverableKeyException || e.getMessage() != null
                    && e.getMessage().contains("password") ? "wrong password or not a PKCS12 " + what
                    : "not a PKCS12 " + what + " (" + (e.getMessage() != null ? e.getMessage()
                            : e.getClass().getSimpleName()) + ")";
            throw new TlsMaterialException(file + ": " + problem, e);
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(file + ": unusable PKCS12 " + what + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore pemStore(Path file) {
        byte[] bytes = read(file, "truststore");
        Collection<? extends Certificate> certs;
        try {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        } catch (CertificateException e) {
            throw new TlsMaterialException(file + ": not a PEM certificate bundle: " + e.getMessage(), e);
        }
        List<X509Certificate> x509 = new ArrayList<>();
        for (Certificate c : certs) {
            if (c instanceof X509Certificate x) {
                x509.add(x);
            }
        }
        if (x509.isEmpty()) {
            throw new TlsMaterialException(file + ": no certificate in the PEM file");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < x509.size(); i++) {
                store.setCertificateEntry("ca-" + i, x509.get(i));
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsMaterialException(file + ": cannot hold its certificates: " + e.getMessage(), e);
        }
    }
}
