package org.agora.itests;

import java.nio.file.Path;
import java.util.Optional;
import org.agora.agent.internal.AgentComponent;

/**
 * An agent in a JVM of its own, for tests that kill it with SIGKILL and start another on the same work directory.
 * Arguments: the master's host:port, the work directory, the agent's port, its resources.
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        new AgentComponent(InProcessCluster.settings(Optional.empty(), Optional.of(args[0]), Path.of(args[1]),
                args[3], Integer.parseInt(args[2])));
        Thread.currentThread().join();
    }
}
