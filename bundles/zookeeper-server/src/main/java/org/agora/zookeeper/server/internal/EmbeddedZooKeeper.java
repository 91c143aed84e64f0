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
package org.agora.zookeeper.server.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone ZooKeeper server inside Karaf, for the local distribution. Starts on its own thread so the Karaf boot
 * is not held up; masters and agents connect through Curator, which retries until the server is up.
 */
@Component(service = {}, immediate = true, configurationPid = EmbeddedZooKeeper.PID)
@Designate(ocd = EmbeddedZooKeeper.Config.class)
public final class EmbeddedZooKeeper {
    static final String PID = "org.agora.zookeeper.server";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);

    @ObjectClassDefinition(name = "Agora embedded ZooKeeper server",
            description = "An in-process ZooKeeper for single-machine clusters. Not for production ensembles.")
    public @interface Config {
        @AttributeDefinition(description = "Port clients connect to.")
        int client_port() default 2181;

        @AttributeDefinition(description = "Address to listen on; keep loopback unless other machines must reach it.")
        String client_address() default "127.0.0.1";

        @AttributeDefinition(description = "Where snapshots and transaction logs go; empty means "
                + "${karaf.data}/zookeeper.")
        String data_dir() default "";

        @AttributeDefinition(description = "ZooKeeper's basic time unit in milliseconds; session timeouts are "
                + "bounded to 2 to 20 ticks.")
        int tick_time_ms() default 1000;

        @AttributeDefinition(description = "Seconds to wait for the server to start before giving up.")
        int start_timeout_seconds() default 60;
    }

    private final ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "zookeeper-server-start");
        t.setDaemon(true);
        return t;
    });
    private volatile ZooKeeperServerEmbedded server;

    @Activate
    public EmbeddedZooKeeper(Config config) {
        if (config.client_port() < 1 || config.client_port() > 65535) {
            throw new IllegalArgumentException(PID + ": client.port=" + config.client_port()
                    + " is not a port number (1-65535)");
        }
        if (config.tick_time_ms() < 1) {
            throw new IllegalArgumentException(PID + ": tick.time.ms=" + config.tick_time_ms() + " must be positive");
        }
        String dir = config.data_dir().isBlank()
                ? Paths.get(System.getProperty("karaf.data", "data"), "zookeeper").toString() : config.data_dir();
        Path dataDir = Paths.get(dir).toAbsolutePath();
        starter.execute(() -> start(config, dataDir));
    }

    private void start(Config config, Path dataDir) {
        Properties props = new Properties();
        props.setProperty("clientPort", Integer.toString(config.client_port()));
        props.setProperty("clientPortAddress", config.client_address());
        props.setProperty("dataDir", dataDir.resolve("data").toString());
        props.setProperty("tickTime", Integer.toString(config.tick_time_ms()));
        props.setProperty("admin.enableServer", "false");
        props.setProperty("4lw.commands.whitelist", "ruok,stat,mntr");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // ZooKeeper loads its metrics provider through the context class loader
        thread.setContextClassLoader(ZooKeeperServerEmbedded.class.getClassLoader());
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            ZooKeeperServerEmbedded s = ZooKeeperServerEmbedded.builder().baseDir(dataDir).configuration(props)
                    .exitHandler(ExitHandler.LOG_ONLY).build();
            s.start(TimeUnit.SECONDS.toMillis(config.start_timeout_seconds()));
            server = s;
            LOG.info("Embedded ZooKeeper serving {}:{} with data in {} (started in {} ms)", config.client_address(),
                    config.client_port(), dataDir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (Exception e) {
            LOG.error("Embedded ZooKeeper could not start on {}:{} with data in {}: {}", config.client_address(),
                    config.client_port(), dataDir, e.toString(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Deactivate
    void deactivate() {
        starter.shutdown();
        try {
            starter.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ZooKeeperServerEmbedded s = server;
        if (s != null) {
            s.close();
            LOG.info("Embedded ZooKeeper stopped");
        }
    }
}
