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
package org.agora.isolator.network.cni.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The networks of the CNI configuration directory, read anew for each launch (a network added to the directory can
 * be used at once). Files are read in name order, as libcni does; a bad file is reported with the network it would
 * have defined, and a name that two files define is refused rather than picked by file order.
 */
final class CniNetworks {
    private final Path dir;

    CniNetworks(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /**
     * The network {@code name}.
     *
     * @throws CniException when no file defines it (the message names the network, the directory and the networks it
     *     has), when two files define it, or when the file that names it is bad
     */
    CniNetwork find(String name) {
        Map<String, List<CniNetwork>> byName = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files()) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(file + ": " + e.getMessage());
                continue;
            }
            try {
                CniNetwork n = CniNetwork.parse(file, text);
                byName.computeIfAbsent(n.name(), k -> new ArrayList<>()).add(n);
            } catch (CniException e) {
                problems.add(e.getMessage());
            }
        }
        List<CniNetwork> found = byName.getOrDefault(name, List.of());
        if (found.size() > 1) {
            throw new CniException("CNI network '" + name + "' is defined twice: in " + found.get(0).source()
                    + " and " + found.get(1).source());
        }
        if (found.isEmpty()) {
            throw new CniException("unknown CNI network '" + name + "': no configuration in " + dir + " names it"
                    + (byName.isEmpty() ? "" : " (it has " + String.join(", ", byName.keySet()) + ")")
                    + (problems.isEmpty() ? "" : "; unreadable there: " + String.join("; ", problems)));
        }
        return found.get(0);
    }

    /** The configuration files, in name order. */
    List<Path> files() {
        if (!Files.isDirectory(dir)) {
            throw new CniException("the CNI configuration directory " + dir + " does not exist");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".conf") || n.endsWith(".conflist") || n.endsWith(".json");
            }).sorted().toList();
        } catch (IOException e) {
            throw new CniException("cannot read the CNI configuration directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
