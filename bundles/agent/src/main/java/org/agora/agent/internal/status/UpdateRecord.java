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
package org.agora.agent.internal.status;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.agora.api.channel.Channel.StatusUpdate;

/**
 * One entry of a task's status update journal, as Mesos's {@code StatusUpdateRecord}: an update the task produced, or
 * the acknowledgement of one. Replaying a journal's records rebuilds the task's stream.
 */
public sealed interface UpdateRecord {

    /** The task produced {@code update} (its status uuid set). */
    record Update(StatusUpdate update) implements UpdateRecord {
    }

    /** The framework acknowledged the update with {@code uuid}. */
    record Ack(ByteString uuid) implements UpdateRecord {
    }

    byte UPDATE = 1;
    byte ACK = 2;

    /** A type byte followed by the update's protobuf encoding or the uuid's bytes. */
    default byte[] encode() {
        ByteString body = this instanceof Update u ? u.update().toByteString() : ((Ack) this).uuid();
        byte[] bytes = new byte[body.size() + 1];
        bytes[0] = this instanceof Update ? UPDATE : ACK;
        body.copyTo(bytes, 1);
        return bytes;
    }

    /**
     * @throws IllegalArgumentException when {@code bytes} is not what {@link #encode} writes
     */
    static UpdateRecord decode(byte[] bytes) {
        if (bytes.length < 1) {
            throw new IllegalArgumentException("empty status update record");
        }
        ByteString body = ByteString.copyFrom(bytes, 1, bytes.length - 1);
        switch (bytes[0]) {
            case UPDATE:
                try {
                    StatusUpdate u = StatusUpdate.parseFrom(body);
                    if (!u.getStatus().hasUuid()) {
                        throw new IllegalArgumentException("status update record without a uuid");
                    }
                    return new Update(u);
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalArgumentException("unreadable status update: " + e.getMessage(), e);
                }
            case ACK:
                return new Ack(body);
            default:
                throw new IllegalArgumentException("unknown status update record type " + bytes[0]);
        }
    }
}
