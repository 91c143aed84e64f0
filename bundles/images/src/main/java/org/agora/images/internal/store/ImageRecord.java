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
package org.agora.images.internal.store;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agora.api.image.ImageRuntimeConfig;
import org.agora.api.json.Json;
import org.agora.api.json.JsonTree;
import org.agora.images.internal.reference.Digests;

/**
 * What an image name resolved to (kept under {@code images/}, so that a cached image needs no registry), or what a
 * container was provisioned from (its {@code record.json}).
 *
 * @param name           the name as requested (canonical form)
 * @param resolvedName   the name as its source knows it
 * @param origin         the registry URL or local file
 * @param manifestDigest the manifest's digest
 * @param layers         layer digests, lowest first
 * @param runtime        how to run it
 */
public record ImageRecord(String name, String resolvedName, String origin, String manifestDigest,
        List<String> layers, ImageRuntimeConfig runtime) {

    public ImageRecord {
        layers = List.copyOf(layers);
    }

    public byte[] toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("resolved_name", resolvedName);
        m.put("origin", origin);
        m.put("manifest_digest", manifestDigest);
        m.put("layers", layers);
        m.put("env", runtime.env());
        m.put("entrypoint", runtime.entrypoint());
        m.put("cmd", runtime.cmd());
        m.put("working_dir", runtime.workingDir());
        m.put("user", runtime.user());
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws IllegalArgumentException if the bytes are not a record this class wrote
     */
    public static ImageRecord fromJson(byte[] bytes) {
        if (!(JsonTree.parse(new String(bytes, StandardCharsets.UTF_8)) instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        List<String> layers = strings(m, "layers");
        for (String l : layers) {
            if (!Digests.isValid(l)) {
                throw new IllegalArgumentException("layer '" + l + "' is not a digest");
            }
        }
        return new ImageRecord(string(m, "name"), string(m, "resolved_name"), string(m, "origin"),
                string(m, "manifest_digest"), layers, new ImageRuntimeConfig(strings(m, "env"),
                strings(m, "entrypoint"), strings(m, "cmd"), string(m, "working_dir"), string(m, "user")));
    }

    private static String string(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof String s)) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return s;
    }

    private static List<String> strings(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof List<?> l)) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return l.stream().map(String::valueOf).toList();
    }
}
