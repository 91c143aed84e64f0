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

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.ExecutorInfo;

/** Custom executors for the tests: {@link TestExecutor} in a JVM of its own, and where the agent put it. */
final class TestExecutors {
    private TestExecutors() {
    }

    /** A custom executor running {@link TestExecutor}, with a JVM tuned to start fast. */
    static ExecutorInfo testExecutor(String id) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.CUSTOM)
                .setExecutorId(ExecutorID.newBuilder().setValue(id)).setName("test executor " + id)
                .setCommand(CommandInfo.newBuilder().setShell(false).setValue(java).addAllArguments(List.of(java,
                        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-cp",
                        classpath(), TestExecutor.class.getName())))
                .addAllResources(Resources.parse("cpus:0.1;mem:64").toList()).build();
    }

    /** What the test executor needs: these test classes, the api bundle and protobuf; the whole path otherwise. */
    private static String classpath() {
        String full = System.getProperty("java.class.path");
        List<String> needed = new ArrayList<>();
        for (String entry : full.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (entry.endsWith("test-classes") || name.startsWith("protobuf-java-") || name.startsWith("agora-api")
                    || entry.contains("bundles/api/target/classes")) {
                needed.add(entry);
            }
        }
        return needed.size() >= 3 ? String.join(File.pathSeparator, needed) : full;
    }

    /** The sandbox of the latest run of executor {@code id} under the agent's work directory. */
    static Optional<Path> sandbox(Path workDir, String id) throws IOException {
        try (Stream<Path> files = Files.walk(workDir.resolve("slaves"))) {
            return files.filter(p -> p.getFileName().toString().equals("executor.pid")
                    && p.getParent().getParent().getParent().getFileName().toString().equals(id))
                    .map(Path::getParent).max((a, b) -> Long.compare(a.toFile().lastModified(),
                            b.toFile().lastModified()));
        }
    }

    /** The pid the test executor {@code id} wrote in its sandbox. */
    static long pid(Path workDir, String id) throws IOException {
        Path sandbox = sandbox(workDir, id).orElseThrow(() -> new AssertionError("no sandbox of executor " + id));
        return Long.parseLong(Files.readString(sandbox.resolve("executor.pid")).trim());
    }
}
