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
package org.agora.master.internal.shell;

import java.util.stream.Stream;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.MasterView;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code agora:tasks [text] [--state S] [--framework F] [--agent A] [--role R] [-c]}: tasks with their framework,
 * agent, role and state, filtered. Finished tasks are listed with {@code -c}, or when a terminal state is asked for.
 */
@Command(scope = "agora", name = "tasks", description = "Lists tasks, filtered by state, framework, agent, role and "
        + "a part of their id or name.")
@Service
public class TasksCommand implements Action {

    @Reference
    MasterView master;

    @Argument(index = 0, name = "text", description = "Only tasks whose id or name contains this (any case).",
            required = false)
    @Completion(TaskIdCompleter.class)
    String text;

    @Option(name = "-s", aliases = "--state", description = "Only tasks in these states, comma separated: "
            + "TASK_RUNNING or running, finished, ...")
    @Completion(value = StringsCompleter.class, values = {"TASK_STAGING", "TASK_STARTING", "TASK_RUNNING",
        "TASK_KILLING", "TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_ERROR", "TASK_LOST", "TASK_DROPPED",
        "TASK_UNREACHABLE", "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNKNOWN"})
    String state;

    @Option(name = "-f", aliases = "--framework", description = "Only this framework's tasks.")
    @Completion(FrameworkIdCompleter.class)
    String framework;

    @Option(name = "-a", aliases = "--agent", description = "Only the tasks on this agent.")
    @Completion(AgentIdCompleter.class)
    String agent;

    @Option(name = "-r", aliases = "--role", description = "Only the tasks whose resources are allocated to this "
            + "role.")
    String role;

    @Option(name = "-c", aliases = "--completed", description = "Also list finished tasks.")
    boolean completed;

    @Override
    public Object execute() throws Exception {
        TaskFilter filter = TaskFilter.of(state, framework, agent, role, text);
        MasterSnapshot s = Await.snapshot(master);
        if (framework != null && Stream.concat(s.frameworks().frameworks().stream(),
                s.frameworks().completed().stream()).noneMatch(f -> f.id().equals(framework))) {
            throw new IllegalArgumentException("Unknown framework '" + framework + "' (agora:frameworks -c lists "
                    + "them)");
        }
        if (agent != null && s.agents().stream().noneMatch(a -> a.id().equals(agent))
                && s.recoveredAgents().stream().noneMatch(a -> a.getId().getValue().equals(agent))
                && TaskRows.all(s).stream().noneMatch(r -> r.task().getAgentId().getValue().equals(agent))) {
            throw new IllegalArgumentException("Unknown agent '" + agent + "' (agora:agents lists them)");
        }
        boolean finished = completed || filter.wantsFinished();
        ShellTable table = new ShellTable();
        table.column("Task");
        table.column("Name");
        table.column("Framework");
        table.column("Agent");
        table.column("Role");
        table.column("State");
        table.column("Message");
        TaskRows.all(s).stream().filter(r -> (r.live() || finished) && filter.keeps(r))
                .forEach(r -> table.addRow().addContent(r.id(), r.task().getName(), r.framework().id(),
                        r.task().getAgentId().getValue(), r.role(), r.task().getState().name(), message(r)));
        table.print(System.out);
        return null;
    }

    private static String message(TaskRows.Row r) {
        if (r.task().getStatusesCount() == 0) {
            return "";
        }
        TaskStatus last = r.task().getStatuses(r.task().getStatusesCount() - 1);
        return last.hasReason() ? last.getMessage() + " (" + last.getReason() + ")" : last.getMessage();
    }
}
