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
