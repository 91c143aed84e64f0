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

import java.util.List;
import java.util.Map;
import org.agora.api.image.ImageRuntimeConfig;
import org.agora.images.internal.reference.Digests;

/**
 * An image's configuration blob (Docker's image JSON, OCI's image config): how to run it, its layers'
 * uncompressed digests ({@code rootfs.diff_ids}) and its platform.
 */
public record ImageConfigDocument(ImageRuntimeConfig runtime, List<String> diffIds, Platform platform) {

    public ImageConfigDocument {
        diffIds = List.copyOf(diffIds);
    }

    /**
     * @throws org.agora.api.image.ImageException INVALID_IMAGE naming {@code what}
     */
    public static ImageConfigDocument parse(byte[] bytes, String what) {
        JsonValues json = new JsonValues(what);
        Map<String, Object> doc = json.object(bytes);
        Map<String, Object> c = json.object(doc, "config", false);
        ImageRuntimeConfig runtime = new ImageRuntimeConfig(json.strings(c, "Env"), json.strings(c, "Entrypoint"),
                json.strings(c, "Cmd"), json.string(c, "WorkingDir", false), json.string(c, "User", false));
        List<String> diffIds = json.strings(json.object(doc, "rootfs", false), "diff_ids");
        for (String d : diffIds) {
            if (!Digests.isValid(d)) {
                throw json.invalid("has a rootfs.diff_ids entry '" + d + "' that is not a sha256 digest");
            }
        }
        Platform platform = new Platform(json.string(doc, "os", false), json.string(doc, "architecture", false),
                json.string(doc, "variant", false));
        return new ImageConfigDocument(runtime, diffIds, platform);
    }
}
