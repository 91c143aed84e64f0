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
