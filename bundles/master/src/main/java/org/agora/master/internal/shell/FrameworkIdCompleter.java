package org.agora.master.internal.shell;

import java.util.List;
import java.util.stream.Stream;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.MasterView;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;

/** Completes the ids of the frameworks the master knows, torn-down ones included. */
@Service
public class FrameworkIdCompleter implements Completer {
    @Reference
    MasterView master;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return IdCompleter.complete(master, s -> Stream.concat(s.frameworks().frameworks().stream(),
                s.frameworks().completed().stream()).map(FrameworkSnapshot::id), session, commandLine, candidates);
    }
}
