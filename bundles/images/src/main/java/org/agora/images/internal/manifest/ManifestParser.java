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
package org.agora.images.internal.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageException.Reason;
import org.agora.images.internal.reference.Digests;

/**
 * Reads a manifest document: a Docker v2 schema 2 manifest or manifest list, an OCI image manifest or index.
 * Schema 1 manifests are refused as unsupported (registries convert them on request for the v2 Accept types).
 * Thread-safe; keeps no state.
 */
public final class ManifestParser {
    private ManifestParser() {
    }

    /**
     * @param contentType the Content-Type the registry sent, or empty (local stores): the document's own
     *                    {@code mediaType} and shape decide then
     * @param what        names the document in error messages ({@code "manifest of image 'x' from http://..."})
     * @return an {@link ImageManifest} or a {@link ManifestIndex}
     * @throws ImageException INVALID_IMAGE or UNSUPPORTED, naming {@code what}
     */
    public static Object parse(byte[] bytes, String contentType, String what) {
        JsonValues json = new JsonValues(what);
        Map<String, Object> doc = json.object(bytes);
        String declared = json.string(doc, "mediaType", false);
        String type = !declared.isEmpty() ? declared : baseType(contentType);
        if (type.equals(MediaTypes.DOCKER_SCHEMA1) || type.equals(MediaTypes.DOCKER_SCHEMA1_SIGNED)
                || json.number(doc, "schemaVersion") == 1) {
            throw new ImageException(Reason.UNSUPPORTED, what + " is a Docker schema 1 manifest, which is not "
                    + "supported (push the image again with a current client)");
        }
        if (json.number(doc, "schemaVersion") != 2) {
            throw json.invalid("has schemaVersion " + json.number(doc, "schemaVersion") + ", not 2");
        }
        boolean index = type.equals(MediaTypes.DOCKER_LIST) || type.equals(MediaTypes.OCI_INDEX)
                || (type.isEmpty() || type.equals("application/json")) && doc.containsKey("manifests");
        if (index) {
            return index(json, doc, type.isEmpty() ? MediaTypes.OCI_INDEX : type);
        }
        if (type.equals(MediaTypes.DOCKER_MANIFEST) || type.equals(MediaTypes.OCI_MANIFEST)
                || (type.isEmpty() || type.equals("application/json")) && doc.containsKey("layers")) {
            Descriptor config = descriptor(json, json.object(doc, "config", true), "config");
            List<Descriptor> layers = new ArrayList<>();
            for (Map<String, Object> l : json.objects(doc, "layers", true)) {
                layers.add(descriptor(json, l, "layers"));
            }
            return new ImageManifest(type.isEmpty() ? MediaTypes.OCI_MANIFEST : type, config, layers);
        }
        throw new ImageException(Reason.UNSUPPORTED, what + " has media type '" + type + "', which is not an image "
                + "manifest or index this provisioner reads");
    }

    private static ManifestIndex index(JsonValues json, Map<String, Object> doc, String type) {
        List<ManifestIndex.Entry> entries = new ArrayList<>();
        for (Map<String, Object> m : json.objects(doc, "manifests", true)) {
            Descriptor d = descriptor(json, m, "manifests");
            Map<String, Object> p = json.object(m, "platform", false);
            Platform platform = p.isEmpty() ? null : new Platform(json.string(p, "os", true),
                    json.string(p, "architecture", true), json.string(p, "variant", false));
            String refName = json.string(json.object(m, "annotations", false), "org.opencontainers.image.ref.name",
                    false);
            entries.add(new ManifestIndex.Entry(d, platform, refName));
        }
        return new ManifestIndex(type, entries);
    }

    private static Descriptor descriptor(JsonValues json, Map<String, Object> d, String where) {
        String digest = json.string(d, "digest", true);
        if (!Digests.isValid(digest)) {
            throw json.invalid("has a '" + where + "' digest '" + digest + "' that is not a sha256 digest");
        }
        return new Descriptor(json.string(d, "mediaType", false), digest, json.number(d, "size"));
    }

    private static String baseType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi >= 0 ? contentType.substring(0, semi) : contentType).trim();
    }
}
