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

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agora.testing.topology.Ports;

/** An {@link AgentMain} JVM that a test can kill with SIGKILL, as a crashing or killed agent process. */
final class AgentProcess implements AutoCloseable {
    private final Process process;

    private AgentProcess(Process process) {
        this.process = process;
    }

    /** Starts an agent for {@code master} on {@code port}, its log in {@code <workDir>/<name>.log}. */
    static AgentProcess start(String master, Path workDir, int port, String resources, String name)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xshare:auto", "-XX:+UseSerialGC", "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", System.getProperty("java.class.path"),
                AgentMain.class.getName(), master, workDir.toString(), Integer.toString(port), resources))
                .redirectErrorStream(true).redirectOutput(workDir.resolve(name + ".log").toFile()).start();
        return new AgentProcess(p);
    }

    /** A port nothing listens on now: {@link Ports#free()}. */
    static int freePort() {
        return Ports.free();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: the agent gets no chance to stop anything; its children are left to themselves. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
