package org.agora.master.internal.shell;

import java.util.List;
import org.agora.master.internal.MasterView;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;

/** Completes the ids of the tasks the master knows, finished ones and those of torn-down frameworks included. */
@Service
public class TaskIdCompleter implements Completer {
    @Reference
    MasterView master;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return IdCompleter.complete(master, s -> TaskRows.all(s).stream().map(r -> r.task().getTaskId().getValue())
                .distinct(), session, commandLine, candidates);
    }
}
