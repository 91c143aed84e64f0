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

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfgFileTest {
    @TempDir
    Path dir;

    @Test
    void replacesAKeyByNameAndLeavesCommentsAndOtherKeys() throws Exception {
        Path f = dir.resolve("org.agora.master.cfg");
        Files.write(f, List.of("# port = 1", "port = 5050", "portable = yes", "  zk=zk://a:1/x"));

        CfgFile.set(f, Map.of("port", 6060, "zk", "zk://b:2/y"));

        assertThat(Files.readAllLines(f)).containsExactly("# port = 1", "port = 6060", "portable = yes",
                "zk = zk://b:2/y");
    }

    @Test
    void appendsMissingKeysInOrderAndCreatesMissingFiles() throws Exception {
        Path f = dir.resolve("new.cfg");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("a", 1);
        values.put("b", "");

        CfgFile.set(f, values);

        assertThat(Files.readAllLines(f)).containsExactly("a = 1", "b = ");
    }
}
