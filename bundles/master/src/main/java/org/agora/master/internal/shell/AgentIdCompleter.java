package org.agora.master.internal.shell;

import java.util.List;
import java.util.stream.Stream;
import org.agora.master.internal.MasterView;
import org.agora.master.internal.agent.AgentSnapshot;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;

/** Completes the ids of the agents the master knows: registered ones and those awaiting re-registration. */
@Service
public class AgentIdCompleter implements Completer {
    @Reference
    MasterView master;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return IdCompleter.complete(master, s -> Stream.concat(s.agents().stream().map(AgentSnapshot::id),
                s.recoveredAgents().stream().map(a -> a.getId().getValue())), session, commandLine, candidates);
    }
}
