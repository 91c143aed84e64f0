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

    private ChannelFeatures() {
    }
}
