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
import java.io.IOException;
import org.agora.api.channel.Channel.StatusUpdate;

/**
 * Where a checkpointed task's status updates and their acknowledgements are recorded durably, each before it takes
 * effect (before the update is forwarded, before the acknowledgement releases the next update).
 */
public interface UpdateJournal {

    /** Records an update the task produced; durable when this returns. */
    void update(StatusUpdate update) throws IOException;

    /** Records the acknowledgement of the update with {@code uuid}; durable when this returns. */
    void acknowledged(ByteString uuid) throws IOException;
}
