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

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.agora.api.json.Json;
import org.agora.api.json.JsonTree;
import org.agora.api.v1.Protos.NetworkInfo;

/**
 * What the isolator keeps of each container on disk, under {@code <runtime_dir>/isolators/network/cni}: a directory
 * per container with its network namespace bound at {@code ns} and its attachments in {@code networks.json}, written
 * before each ADD (so a DEL follows even if the agent dies during the ADD) and after it (with the result). Files are
 * replaced whole (written aside, then renamed).
 */
final class ContainerNetworkStore {
    /** Container ids that can be directory names and CNI container ids (CNI: alphanumerics, '_', '.', '-'). */
    private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final String NETWORKS = "networks.json";

    private final Path root;

    ContainerNetworkStore(Path runtimeDir) {
        this.root = runtimeDir.resolve("isolators/network/cni");
    }

    Path root() {
        return root;
    }

    /**
     * The container's directory.
     *
     * @throws CniException for an id that is no safe directory name
     */
    Path dir(String containerId) {
        if (!isValid(containerId)) {
            throw new CniException("container id '" + containerId + "' cannot name a CNI container (only letters, "
                    + "digits, '_', '.' and '-')");
        }
        return root.resolve(containerId);
    }

    /** Whether the id can name a container's directory (and a CNI container). */
    boolean isValid(String containerId) {
        return CONTAINER_ID.matcher(containerId).matches() && !containerId.equals(".") && !containerId.equals("..");
    }

    /** Where the container's network namespace is bound. */
    Path netns(String containerId) {
        return dir(containerId).resolve("ns");
    }

    /** The containers that have a directory here. */
    List<String> containers() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new CniException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    void write(String containerId, List<Attachment> attachments) {
        List<Object> list = new ArrayList<>();
        for (Attachment a : attachments) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("network", a.network().name());
            m.put("source", a.network().source().toString());
            m.put("config", a.network().document());
            m.put("ifname", a.ifname());
            m.put("runtimeConfig", a.runtimeConfig());
            m.put("networkInfo", Base64.getEncoder().encodeToString(a.info().toByteArray()));
            a.result().ifPresent(r -> m.put("result", r.document()));
            list.add(m);
        }
        Path dir = dir(containerId);
        Path tmp = dir.resolve(NETWORKS + ".tmp");
        try {
            Files.createDirectories(dir);
            Files.writeString(tmp, Json.write(Map.of("attachments", list)), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, dir.resolve(NETWORKS), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(NETWORKS), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CniException("cannot record the CNI networks of container " + containerId + " in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The attachments recorded for the container; none when nothing was recorded.
     *
     * @throws CniException when the record is unreadable
     */
    List<Attachment> read(String containerId) {
        Path file = dir(containerId).resolve(NETWORKS);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            Object doc = JsonTree.parse(Files.readString(file, StandardCharsets.UTF_8));
            List<Attachment> out = new ArrayList<>();
            if (doc instanceof Map<?, ?> top && top.get("attachments") instanceof List<?> items) {
                for (Object item : items) {
                    out.add(attachment(CniNetwork.plain((Map<?, ?>) item)));
                }
            }
            return out;
        } catch (IOException | IllegalArgumentException | ClassCastException | NullPointerException
                | CniException e) {
            throw new CniException("the CNI record " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Attachment attachment(Map<String, Object> m) throws InvalidProtocolBufferException {
        // a list's document has its "plugins", which is what makes parse() read it as a list again
        CniNetwork network = CniNetwork.parse(Path.of((String) m.get("source")), Json.write(m.get("config")));
        NetworkInfo info = NetworkInfo.parseFrom(Base64.getDecoder().decode((String) m.get("networkInfo")));
        Optional<CniResult> result = Optional.ofNullable((Map<String, Object>) m.get("result")).map(CniResult::new);
        return new Attachment(network, (String) m.get("ifname"), (Map<String, Object>) m.get("runtimeConfig"), info,
                result);
    }

    /** Removes the container's directory (its namespace must be unbound already). */
    void delete(String containerId) {
        Path dir = dir(containerId);
        try (Stream<Path> s = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new CniException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
