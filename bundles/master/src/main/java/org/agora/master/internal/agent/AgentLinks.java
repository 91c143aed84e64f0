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
package org.agora.master.internal.agent;

import org.agora.api.channel.Channel.Envelope;
import java.util.List;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.TaskInfo;

/** What the task side of the master needs of agents: send them messages, and know which are unreachable. */
public interface AgentLinks {

    /** Sends to the agent if its channel is up and it is active; false otherwise (the message is not kept). */
    boolean send(AgentID agentId, Envelope envelope);

    /** Sends to every agent whose channel is up and that is active (the message is not kept for the others). */
    void sendToAll(Envelope envelope);

    /**
     * Sends the tasks of one ACCEPT to the agent: one RunTasks message when the agent takes it, else one RunTask each;
     * false when nothing was sent, as {@link #send}.
     */
    boolean sendTasks(AgentID agentId, FrameworkInfo framework, List<TaskInfo> tasks);

    /** Whether the agent is unreachable (silent too long, or recorded so in the registry). */
    boolean isUnreachable(AgentID agentId);

    /**
     * Whether the agent is in the registry but has not re-registered since the election (and is not recorded
     * unreachable): what it runs is not known yet. With an empty id: whether any agent is in that state.
     */
    boolean isReregistering(java.util.Optional<AgentID> agentId);
}
