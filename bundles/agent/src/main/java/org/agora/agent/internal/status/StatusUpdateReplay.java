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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.agora.api.channel.Channel.StatusUpdate;

/**
 * Rebuilds a task's status update stream from its journal, with the rules the stream applied when the records were
 * written: an update whose uuid was seen before is a duplicate; an acknowledgement releases the oldest pending update
 * when the uuids match and is ignored otherwise.
 */
public final class StatusUpdateReplay {
    private StatusUpdateReplay() {
    }

    /**
     * A task's stream after replay.
     *
     * @param updates every distinct update the task produced, oldest first
     * @param pending the updates not acknowledged yet, oldest (the one to resend) first
     * @param received the uuids of all updates seen, so duplicates stay dropped after a restart
     * @param terminalAcknowledged the task's terminal update was acknowledged: the stream is closed
     */
    public record Replayed(List<StatusUpdate> updates, List<StatusUpdate> pending, Set<ByteString> received,
            boolean terminalAcknowledged) {

        /** The newest update the task produced, if any. */
        public StatusUpdate latest() {
            return updates.isEmpty() ? null : updates.get(updates.size() - 1);
        }
    }

    public static Replayed replay(List<UpdateRecord> records) {
        List<StatusUpdate> updates = new ArrayList<>();
        ArrayDeque<StatusUpdate> pending = new ArrayDeque<>();
        Set<ByteString> received = new HashSet<>();
        boolean terminalQueued = false;
        boolean terminalAcknowledged = false;
        for (UpdateRecord r : records) {
            if (r instanceof UpdateRecord.Update u) {
                ByteString uuid = u.update().getStatus().getUuid();
                if (terminalQueued || !received.add(uuid)) {
                    continue;
                }
                updates.add(u.update());
                pending.addLast(u.update());
                terminalQueued = TaskStates.isTerminal(u.update().getStatus().getState());
            } else if (r instanceof UpdateRecord.Ack a) {
                StatusUpdate head = pending.peekFirst();
                if (head != null && head.getStatus().getUuid().equals(a.uuid())) {
                    pending.removeFirst();
                    terminalAcknowledged |= TaskStates.isTerminal(head.getStatus().getState());
                }
            }
        }
        return new Replayed(List.copyOf(updates), List.copyOf(pending), received, terminalAcknowledged);
    }
}
