package org.agora.api.recordio;

import java.io.IOException;

/**
 * A byte stream is not valid RecordIO: a length header that is not decimal digits ended by a line feed, that is
 * empty or too long, a zero length, or a record larger than the decoder accepts. The stream cannot be
 * resynchronised after this; the connection should be closed.
 */
public class RecordIoException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message names the problem and the stream offset where it was found */
    public RecordIoException(String message) {
        super(message);
    }
}
