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
package org.agora.api.channel;

/**
 * The names of the agent channel's additions beyond its first version. Each side lists the ones it understands in
 * its (re)registration ({@code RegisterAgent.channel_features}, {@code AgentRegistered.channel_features}); a side
 * sends a message of an addition only to a peer that listed it, so agents and masters of different versions keep
 * talking during a rolling upgrade.
 */
public final class ChannelFeatures {
    /** The master may send an ACCEPT's tasks to this agent as one {@code RunTasks}. Listed by agents. */
    public static final String RUN_TASKS = "run_tasks";
    /**
     * Status updates may travel as one {@code StatusUpdates} (to a master that lists it) and acknowledgements as one
     * {@code StatusUpdateAcknowledgements} (to an agent that lists it).
     */
    public static final String STATUS_BATCHES = "status_batches";
    /**
     * The master may answer a registration with {@code RetryLater} instead of queueing it when too many wait for it
     * already; the agent then registers again, on the same channel, after the delay it names. Listed by agents.
     */
    public static final String RETRY_LATER = "retry_later";

    private ChannelFeatures() {
    }
}
