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

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * NOTICE lists every third-party jar the built distributions ship (karaf-dist/notice/generate.py writes it), and the
 * project's LICENSE is there: a dependency added or upgraded without regenerating NOTICE fails the build.
 */
class NoticeTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void noticeListsEveryThirdPartyJarTheDistributionsShip() throws IOException {
        String notice = Files.readString(ROOT.resolve("NOTICE"));
        TreeSet<String> missing = new TreeSet<>();
        int shipped = 0;
        for (String dist : List.of("local", "master", "agent", "services")) {
            Path assembly = ROOT.resolve("karaf-dist").resolve(dist).resolve("target/assembly");
            assertThat(assembly).as("the built %s distribution", dist).isDirectory();
            try (Stream<Path> files = Files.walk(assembly)) {
                for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    String rel = assembly.relativize(jar).toString();
                    String name = jar.getFileName().toString();
                    // agora-zookeeper, agora-curator and agora-http (the Prometheus client) hold third-party code:
                    // NOTICE names what they embed
                    boolean ours = name.startsWith("agora-")
                            && !name.matches("agora-(zookeeper|curator|http)-\\d.*");
                    if ((rel.startsWith("system/") || rel.startsWith("lib/")) && !ours) {
                        shipped++;
                        if (!notice.contains(name + "\n")) {
                            missing.add(name);
                        }
                    }
                }
            }
        }
        assertThat(shipped).isPositive();
        assertThat(missing).as("jars shipped but not in NOTICE: run python3 karaf-dist/notice/generate.py").isEmpty();
        assertThat(Files.readString(ROOT.resolve("LICENSE"))).contains("Apache License", "Version 2.0");
    }
}
