package org.agora.agent.internal.checkpoint;

import java.io.IOException;
import org.agora.agent.internal.launcher.ProcessIdentity;

/** Where the identity of a process the agent started is checkpointed, so that a restarted agent finds it again. */
public interface PidRecorder {
    void writeForkedPid(ProcessIdentity process) throws IOException;
}
