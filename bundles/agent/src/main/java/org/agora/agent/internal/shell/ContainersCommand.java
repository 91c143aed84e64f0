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

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.agora.agent.internal.AgentView;
import org.agora.agent.internal.task.AgentTasks.RunningTask;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.containerizer.Containerizer;
import org.agora.api.v1.Protos.ContainerID;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code agora:containers}: the running command tasks of this agent with their pid, and the container each runs in
 * with the limits its isolators hold it to (agora:isolators lists the isolators themselves). A task that runs as a
 * plain process, without a containerizer or isolation, shows no container.
 */
@Command(scope = "agora", name = "containers", description = "Lists this agent's running tasks with their pid, "
        + "container and the limits their isolators enforce.")
@Service
public class ContainersCommand implements Action {

    @Reference
    AgentView agent;

    @Override
    public Object execute() throws Exception {
        List<RunningTask> running = Await.answer(agent.call(a -> a.runningTasks()));
        Optional<Containerizer> containerizer = agent.containerizer();
        Set<String> contained = containerizer.map(c -> c.containers().stream().map(ContainerID::getValue)
                .collect(Collectors.toSet())).orElse(Set.of());
        ShellTable table = new ShellTable();
        table.column("Task");
        table.column("Framework");
        table.column("Pid").alignRight();
        table.column("User");
        table.column("Container");
        table.column("CPU limit").alignRight();
        table.column("Mem limit").alignRight();
        table.column("Mem used").alignRight();
        running.stream().sorted(Comparator.comparing(RunningTask::taskId)).forEach(t -> {
            boolean inContainer = contained.contains(t.containerId());
            Optional<ContainerUsage> usage = inContainer ? usage(containerizer.get(), t.containerId())
                    : Optional.empty();
            table.addRow().addContent(t.taskId(), t.frameworkId(), t.pid(), t.user(),
                    inContainer ? t.containerId() + " (" + containerizer.get().name() + ")" : "none (plain process)",
                    usage.filter(u -> u.cpusLimit() >= 0).map(u -> String.valueOf(u.cpusLimit())).orElse(""),
                    usage.map(u -> mebibytes(u.memLimitBytes())).orElse(""),
                    usage.map(u -> mebibytes(u.memRssBytes())).orElse(""));
        });
        table.print(System.out);
        return null;
    }

    private static Optional<ContainerUsage> usage(Containerizer c, String id) {
        try {
            return Optional.of(c.usage(ContainerID.newBuilder().setValue(id).build()).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS));
        } catch (Exception e) {
            return Optional.empty(); // a container that ended meanwhile, or a containerizer that cannot measure
        }
    }

    private static String mebibytes(long bytes) {
        return bytes < 0 ? "" : String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
