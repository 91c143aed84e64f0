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
package org.agora.api.json;

/**
 * JSON could not be read into a protobuf message: either the text is not valid JSON (a syntax error, whose
 * message gives the character offset) or a value does not fit the field it names (whose message starts with the
 * JSON path of that value, e.g. {@code subscribe.framework_info.failover_timeout: expected a number, got a
 * boolean}). HTTP handlers answer it with 400 Bad Request and the message as the body.
 */
public class JsonParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final int offset;

    /**
     * @param message the full message, naming the path and/or offset
     * @param path the JSON path of the offending value, {@code ""} for the top level
     * @param offset the character offset in the input where the problem was found, or -1 if unknown
     */
    public JsonParseException(String message, String path, int offset) {
        super(message);
        this.path = path;
        this.offset = offset;
    }

    /**
     * The JSON path of the offending value: object keys joined with {@code .}, array elements as {@code [i]}
     * (e.g. {@code accept.operations[1].type}); {@code ""} when the problem is at the top level.
     */
    public String path() {
        return path;
    }

    /**
     * The character offset in the input where the problem was found (for input that is not valid UTF-8, the byte
     * offset of the first bad byte), or -1 if unknown.
     */
    public int offset() {
        return offset;
    }
}
