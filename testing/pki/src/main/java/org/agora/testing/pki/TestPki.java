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
package org.agora.testing.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away public key infrastructure in a directory, made by the JDK's {@code keytool} run as a process (the JDK
 * has no public API to sign certificates). Elliptic-curve keys (P-256), valid for 30 days:
 * <ul>
 * <li>{@link #caPem()} / {@link #caTruststore()}: the CA, as a PEM file and as a PKCS12 truststore;</li>
 * <li>{@link #serverKeystore()}: a key with a certificate signed by the CA for {@code 127.0.0.1}, {@code ::1} and
 * {@code localhost} (server and client use), with the CA in its chain;</li>
 * <li>{@link #clientKeystore()}: a key with a certificate signed by the CA
 * for a client named {@code agora-client};</li>
 * <li>{@link #misnamedServerKeystore()}: a server key signed by the CA for {@code elsewhere.invalid} only, for tests of
 * host name verification;</li>
 * <li>{@link #otherCaPem()}, {@link #otherServerKeystore()}: a second CA that has nothing to do with the first, and a
 * server key signed by it, for tests that expect verification to fail.</li>
 * </ul>
 * Every store has the password {@link #PASSWORD}, also written to {@link #passwordFile()}.
 */
public final class TestPki {
    /** The password of every keystore here. */
    public static final String PASSWORD = "agora-test-secret";
    private static final String SAN = "san=ip:127.0.0.1,ip:::1,dns:localhost";

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /**
     * Makes the files in {@code dir} (created if needed); takes a few seconds (a dozen keytool runs).
     *
     * @throws IllegalStateException if keytool fails, with its output
     */
    public static TestPki create(Path dir) {
        try {
            Files.createDirectories(dir);
            TestPki pki = new TestPki(dir);
            pki.makeCa("ca", "CN=Agora Test CA");
            pki.makeLeaf("server", "ca", "CN=localhost", SAN + " -ext eku=serverAuth,clientAuth");
            pki.makeLeaf("client", "ca", "CN=agora-client", "eku=clientAuth");
            pki.makeLeaf("misnamed-server", "ca", "CN=elsewhere.invalid",
                    "san=dns:elsewhere.invalid -ext eku=serverAuth");
            pki.makeCa("other-ca", "CN=Unrelated Test CA");
            pki.makeLeaf("other-server", "other-ca", "CN=localhost", SAN);
            pki.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", pki.file("ca.pem"), "-keystore",
                    pki.file("ca-trust.p12"), "-storetype", "PKCS12", "-storepass", PASSWORD);
            Files.writeString(pki.passwordFile(), PASSWORD + "\n", StandardCharsets.UTF_8);
            return pki;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a test PKI in " + dir + ": " + e, e);
        }
    }

    /** A PKI in a new temporary directory that is deleted when the JVM exits. */
    public static TestPki createTemporary() {
        try {
            Path dir = Files.createTempDirectory("agora-pki");
            TestPki pki = create(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            return pki;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary directory: " + e, e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    public Path caTruststore() {
        return dir.resolve("ca-trust.p12");
    }

    public Path serverKeystore() {
        return dir.resolve("server.p12");
    }

    public Path clientKeystore() {
        return dir.resolve("client.p12");
    }

    public Path misnamedServerKeystore() {
        return dir.resolve("misnamed-server.p12");
    }

    public Path otherCaPem() {
        return dir.resolve("other-ca.pem");
    }

    public Path otherServerKeystore() {
        return dir.resolve("other-server.p12");
    }

    /** A file holding {@link #PASSWORD} and a line break. */
    public Path passwordFile() {
        return dir.resolve("password");
    }

    private void makeCa(String name, String dname) throws IOException {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-ext", "bc:c", "-validity", "30", "-keystore", file(name + ".p12"), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", file(name + ".p12"), "-storepass", PASSWORD,
                "-file", file(name + ".pem"));
    }

    /** A key in {@code name.p12} whose certificate {@code ca} signs; {@code ext} are keytool -ext values. */
    private void makeLeaf(String name, String ca, String dname, String ext) throws IOException {
        String store = file(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "30", "-keystore", store, "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass",
                PASSWORD);
        keytool("-certreq", "-alias", name, "-keystore", store, "-storepass", PASSWORD, "-file",
                file(name + ".csr"));
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", ca, "-keystore",
                file(ca + ".p12"), "-storepass", PASSWORD, "-infile", file(name + ".csr"), "-outfile",
                file(name + ".crt"), "-validity", "30"));
        for (String e : ext.split(" -ext ")) {
            gencert.add("-ext");
            gencert.add(e);
        }
        keytool(gencert.toArray(String[]::new));
        // the reply holds the whole chain, so keytool needs no trusted CA entry to accept it
        Files.writeString(dir.resolve(name + "-chain.pem"), Files.readString(dir.resolve(name + ".crt"))
                + Files.readString(dir.resolve(ca + ".pem")));
        keytool("-importcert", "-noprompt", "-alias", name, "-file", file(name + "-chain.pem"), "-keystore", store,
                "-storepass", PASSWORD);
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.add("-J-XX:TieredStopAtLevel=1");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while keytool ran", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: nothing more to do
        }
    }
}
