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
