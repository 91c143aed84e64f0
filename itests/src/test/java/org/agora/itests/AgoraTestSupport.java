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
package org.agora.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * Boots the local distribution (master, agent, embedded ZooKeeper) in a real Karaf under Pax Exam, on ports of its
 * own so it does not collide with a local cluster running on the same machine.
 */
public abstract class AgoraTestSupport {
    protected static final int MASTER_PORT = 25050;
    protected static final int AGENT_PORT = 25051;
    protected static final int ZK_PORT = 22181;
    protected static final int SERVICES_PORT = 28080;

    @Inject
    protected SessionFactory sessionFactory;

    protected Option[] karaf() {
        String zk = "zk://127.0.0.1:" + ZK_PORT + "/agora-itest";
        return new Option[] {
            karafDistributionConfiguration().frameworkUrl(distribution())
                    .name("agora-local").unpackDirectory(new File("target/exam")).useDeployFolder(false),
            keepRuntimeFolder(),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", "28101"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", "21099"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", "24444"),
            editConfigurationFilePut("etc/org.agora.zookeeper.server.cfg", "client.port", Integer.toString(ZK_PORT)),
            editConfigurationFilePut("etc/org.agora.master.cfg", "port", Integer.toString(MASTER_PORT)),
            editConfigurationFilePut("etc/org.agora.master.cfg", "zk", zk),
            editConfigurationFilePut("etc/org.agora.master.cfg", "agent.heartbeat.interval.ms", "500"),
            editConfigurationFilePut("etc/org.agora.master.cfg", "agent.unreachable.timeout.ms", "3000"),
            editConfigurationFilePut("etc/org.agora.agent.cfg", "port", Integer.toString(AGENT_PORT)),
            editConfigurationFilePut("etc/org.agora.agent.cfg", "master", zk),
            editConfigurationFilePut("etc/org.agora.services.cfg", "http.port", Integer.toString(SERVICES_PORT)),
            editConfigurationFilePut("etc/org.agora.services.cfg", "master", zk),
            editConfigurationFilePut("etc/org.agora.services.cfg", "zk",
                    "zk://127.0.0.1:" + ZK_PORT + "/agora-itest-services"),
            // a cgroups root of its own: a local cluster on this machine keeps its containers under 'agora'
            editConfigurationFilePut("etc/org.agora.isolator.cgroups.cfg", "cgroups.root", "agora-paxexam"),
        };
    }

    /**
     * The local distribution this build made (next to the unpacked one the system tests use), so that the tests run
     * what was just built; the one in the Maven repository when there is none.
     */
    private static String distribution() {
        String unpacked = System.getProperty("agora.local.dist");
        if (unpacked != null) {
            Path dir = Path.of(unpacked);
            Path archive = Path.of("..", "karaf-dist", "local", "target", dir.getFileName() + ".tar.gz");
            if (Files.isRegularFile(archive)) {
                return archive.toAbsolutePath().normalize().toUri().toString();
            }
        }
        return maven().groupId("org.agora").artifactId("agora-dist-local").versionAsInProject().type("tar.gz")
                .getURL();
    }

    /** Something to check again until it holds. */
    @FunctionalInterface
    protected interface Check {
        void run() throws Exception;
    }

    /**
     * Re-runs {@code check} until it passes or {@code timeout} is over, then rethrows its last failure. (Awaitility is
     * not a bundle in the container, so the probe carries this instead.)
     */
    protected static void eventually(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100); // polling interval of a deadline-bounded wait, not synchronisation
            }
        }
    }

    /** GET on the master. */
    protected static HttpResponse<String> get(String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + MASTER_PORT + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs a Karaf shell command as an operator would type it and returns what it printed. */
    protected String shell(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        try {
            Object result = session.execute(command);
            if (result != null) {
                out.println(result);
            }
        } finally {
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
