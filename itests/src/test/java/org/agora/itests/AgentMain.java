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
