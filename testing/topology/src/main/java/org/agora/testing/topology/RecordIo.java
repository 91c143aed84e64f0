package org.agora.testing.topology;

import java.io.IOException;
import java.io.InputStream;

/** Reads RecordIO ({@code <length>\n<bytes>}) records off an event stream. */
final class RecordIo {
    private RecordIo() {
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
