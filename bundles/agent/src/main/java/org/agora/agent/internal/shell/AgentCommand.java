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
package org.agora.agent.internal.shell;

import org.agora.agent.internal.Agent;
import org.agora.agent.internal.AgentView;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code agora:agent}: this agent's id, the master it is registered with, its resources and its tasks. */
@Command(scope = "agora", name = "agent", description = "Shows this agent: id, address, master, link state, "
        + "resources, tasks.")
@Service
public class AgentCommand implements Action {

    @Reference
    AgentView agent;

    @Override
    public Object execute() throws Exception {
        Agent.AgentSnapshot s = Await.answer(agent.call(Agent::snapshot));
        var info = s.info();
        long running = s.tasks().frameworks().stream().flatMap(f -> f.executors().stream())
                .mapToLong(e -> e.tasks().size()).sum();
        long executors = s.tasks().frameworks().stream().mapToLong(f -> f.executors().size()).sum();
        System.out.println("Agent      " + (info.hasId() ? info.getId().getValue() : "(no id yet: not registered)"));
        System.out.println("Address    " + info.getHostname() + ":" + info.getPort());
        System.out.println("Master     " + s.master().map(m -> m.getId() + " at " + m.getHostname() + ":"
                + m.getPort()).orElse("none"));
        System.out.println("Link       " + s.linkState().name().toLowerCase().replace('_', ' '));
        System.out.println("Resources  " + s.resources());
        System.out.println("Tasks      " + running + " live in " + executors + " executors of "
                + s.tasks().frameworks().size() + " frameworks; ended since start: " + s.endedTasks().values()
                .stream().mapToLong(Long::longValue).sum());
        System.out.println("Started    " + s.startTime());
        return null;
    }
}
