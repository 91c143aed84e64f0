package org.agora.master.internal.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agora.api.v1.Protos.Task;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.MasterView;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code agora:tasks}: tasks by framework with their state and agent. */
@Command(scope = "agora", name = "tasks", description = "Lists tasks (of one framework when its id is given).")
@Service
public class TasksCommand implements Action {

    @Reference
    MasterView master;

    @Argument(index = 0, name = "framework", description = "Only this framework's tasks.", required = false)
    @Completion(FrameworkIdCompleter.class)
    String framework;

    @Option(name = "-c", aliases = "--completed", description = "Also list finished tasks.")
    boolean completed;

    @Override
    public Object execute() throws Exception {
        MasterSnapshot s = master.snapshot().get(10, TimeUnit.SECONDS);
        if (framework != null && s.frameworks().frameworks().stream().noneMatch(f -> f.id().equals(framework))
                && s.frameworks().completed().stream().noneMatch(f -> f.id().equals(framework))) {
            throw new IllegalArgumentException("Unknown framework '" + framework + "' (agora:frameworks -c lists "
                    + "them)");
        }
        ShellTable table = new ShellTable();
        table.column("Task");
        table.column("Framework");
        table.column("Agent");
        table.column("State");
        table.column("Message");
        List<FrameworkSnapshot> frameworks = new ArrayList<>(s.frameworks().frameworks());
        if (framework != null) {
            // a torn-down framework's finished tasks are kept too
            frameworks.addAll(s.frameworks().completed());
        }
        for (FrameworkSnapshot f : frameworks) {
            if (framework != null && !framework.equals(f.id())) {
                continue;
            }
            f.tasks().forEach(t -> row(table, t));
            if (completed) {
                f.completedTasks().forEach(t -> row(table, t));
            }
        }
        table.print(System.out);
        return null;
    }

    private static void row(ShellTable table, Task t) {
        String message = t.getStatusesCount() == 0 ? ""
                : t.getStatuses(t.getStatusesCount() - 1).getMessage();
        TaskStatus last = t.getStatusesCount() == 0 ? null : t.getStatuses(t.getStatusesCount() - 1);
        table.addRow().addContent(t.getTaskId().getValue(), t.getFrameworkId().getValue(), t.getAgentId().getValue(),
                t.getState().name(), last != null && last.hasReason() ? message + " (" + last.getReason() + ")"
                        : message);
    }
}
