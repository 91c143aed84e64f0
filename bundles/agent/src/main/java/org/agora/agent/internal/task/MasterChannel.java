package org.agora.agent.internal.task;

import org.agora.agent.internal.status.StatusUpdateManager;
import org.agora.api.channel.Channel.ExecutorEnded;
import org.agora.api.channel.Channel.FrameworkMessage;

/**
 * What the agent's tasks and executors send to the master: status updates (through the status update manager),
 * executors' ends and executors' messages to their schedulers. Sends are dropped while no master has registered the
 * agent; only status updates are kept and resent.
 */
public interface MasterChannel extends StatusUpdateManager.Channel {

    /** An executor ended: the master frees its resources. */
    default void executorEnded(ExecutorEnded ended) {
    }

    /** An executor's MESSAGE for its scheduler (unreliable, as in Mesos). */
    default void frameworkMessage(FrameworkMessage message) {
    }
}
