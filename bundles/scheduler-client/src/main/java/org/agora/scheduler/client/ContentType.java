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
package org.agora.scheduler.client;

/**
 * How calls and events are encoded on the wire: both the {@code Content-Type} of calls and the {@code Accept}
 * type that the master uses for each record of the event stream.
 */
public enum ContentType {

    /** {@code application/x-protobuf}: binary protobuf; the default, compact and fastest. */
    PROTOBUF("application/x-protobuf"),

    /** {@code application/json}: Mesos's JSON mapping (proto field names, enum names, base64 bytes). */
    JSON("application/json");

    private final String mediaType;

    ContentType(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The media type as sent in {@code Content-Type} and {@code Accept} headers. */
    public String mediaType() {
        return mediaType;
    }
}
