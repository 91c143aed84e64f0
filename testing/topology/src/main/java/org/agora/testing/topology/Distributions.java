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
package org.agora.testing.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the built master, agent and services distributions are: the system properties {@code agora.master.dist},
 * {@code agora.agent.dist} and {@code agora.services.dist} (the itests module sets them to the unpacked build
 * artifacts), else {@code karaf-dist/<master|agent|services>/target/assembly} in the working directory or one of
 * its parents (a run from the source tree after {@code mvn install}).
 */
public final class Distributions {
    private Distributions() {
    }

    /** The master distribution's directory, if it has been built. */
    public static Optional<Path> master() {
        return find("agora.master.dist", "master");
    }

    /** The agent distribution's directory, if it has been built. */
    public static Optional<Path> agent() {
        return find("agora.agent.dist", "agent");
    }

    /** The services distribution's directory (the services scheduler alone), if it has been built. */
    public static Optional<Path> services() {
        return find("agora.services.dist", "services");
    }

    /** Why the distributions cannot be used, or empty when both are there. */
    public static Optional<String> missing() {
        if (master().isEmpty() || agent().isEmpty()) {
            return Optional.of("the master and agent distributions are not built (looked at -Dagora.master.dist="
                    + System.getProperty("agora.master.dist") + ", -Dagora.agent.dist="
                    + System.getProperty("agora.agent.dist") + " and karaf-dist/*/target/assembly above "
                    + Path.of("").toAbsolutePath() + "); run mvn install from the project's root first");
        }
        return Optional.empty();
    }

    private static Optional<Path> find(String property, String kind) {
        String given = System.getProperty(property);
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given);
            return usable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("karaf-dist").resolve(kind).resolve("target/assembly");
            if (usable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static boolean usable(Path p) {
        return Files.isExecutable(p.resolve("bin/start")) && Files.isDirectory(p.resolve("system"));
    }
}
