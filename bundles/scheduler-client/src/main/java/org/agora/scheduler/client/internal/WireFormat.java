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
package org.agora.scheduler.client.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;

import org.agora.api.json.JsonParseException;
import org.agora.api.json.ProtoJson;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.api.v1.scheduler.Protos.Event;
import org.agora.scheduler.client.ContentType;

/** The one place that encodes calls and decodes events, in protobuf or Mesos JSON. */
final class WireFormat {

    private WireFormat() {
    }

    static byte[] encode(Call call, ContentType type) {
        return type == ContentType.JSON ? ProtoJson.toBytes(call) : call.toByteArray();
    }

    /**
     * Decodes one record of the event stream.
     *
     * @throws IOException naming the problem if the record is not an event in {@code type}
     */
    static Event decode(byte[] record, ContentType type) throws IOException {
        try {
            Event.Builder event = type == ContentType.JSON
                    ? ProtoJson.parse(record, Event.newBuilder())
                    : Event.newBuilder().mergeFrom(record);
            if (!event.hasType()) {
                throw new IOException("event record of " + record.length + " bytes has no type");
            }
            return event.buildPartial(); // required fields are the master's business, not a reason to drop it
        } catch (InvalidProtocolBufferException | JsonParseException e) {
            throw new IOException("undecodable " + type.mediaType() + " event record of " + record.length
                    + " bytes: " + e.getMessage(), e);
        }
    }
}
