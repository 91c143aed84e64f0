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

import java.io.IOException;
import java.io.InputStream;

/** Reads RecordIO ({@code <length>\n<bytes>}) records off an event stream, for the tests' bare clients. */
final class RecordIoRecords {
    private RecordIoRecords() {
    }

    /** The next record; null once the stream ended. */
    static byte[] next(InputStream in) throws IOException {
        long length = 0;
        int c;
        boolean digits = false;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                return null;
            }
            if (c < '0' || c > '9') {
                throw new IOException("not a RecordIO length: '" + (char) c + "'");
            }
            length = length * 10 + (c - '0');
            digits = true;
        }
        if (!digits) {
            throw new IOException("empty RecordIO length");
        }
        byte[] record = in.readNBytes((int) length);
        return record.length < length ? null : record;
    }
}
