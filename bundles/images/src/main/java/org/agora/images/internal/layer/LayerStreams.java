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
package org.agora.images.internal.layer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Opens a layer blob as a tar stream, by its first bytes: gzip, or plain tar; zstd and bzip2 are refused. */
public final class LayerStreams {
    private LayerStreams() {
    }

    /**
     * @throws LayerRefusedException for a compression this provisioner does not read, naming the layer
     */
    public static InputStream decompressed(InputStream blob, String layer) throws IOException, LayerRefusedException {
        BufferedInputStream in = new BufferedInputStream(blob, 65536);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, 65536);
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            throw new LayerRefusedException("layer " + layer + " is zstd-compressed, which this provisioner does "
                    + "not read (push it with gzip compression)");
        }
        if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            throw new LayerRefusedException("layer " + layer + " is bzip2-compressed, which this provisioner does "
                    + "not read");
        }
        return in;
    }
}
