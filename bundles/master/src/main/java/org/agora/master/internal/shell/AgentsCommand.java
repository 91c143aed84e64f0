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

import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.MasterView;
import org.agora.master.internal.agent.AgentSnapshot;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code agora:agents}: the agents this master knows, with their resources and state. */
@Command(scope = "agora", name = "agents", description = "Lists the agents registered with this master.")
@Service
public class AgentsCommand implements Action {

    @Reference
    MasterView master;

    @Override
    public Object execute() throws Exception {
        MasterSnapshot s = master.snapshot().get(10, TimeUnit.SECONDS);
        if (!s.leading()) {
            System.out.println("This master is not the leader; the leader is "
                    + s.leader().map(l -> l.getHostname() + ":" + l.getPort()).orElse("unknown") + ".");
        }
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Host");
        table.column("Resources");
        table.column("State");
        s.agents().stream().sorted(Comparator.comparing(AgentSnapshot::id)).forEach(a -> table.addRow().addContent(
                a.id(), a.info().getHostname() + ":" + a.info().getPort(), a.total().toString(),
                state(a)));
        s.recoveredAgents().forEach(a -> table.addRow().addContent(a.getId().getValue(),
                a.getHostname() + ":" + a.getPort(), "", "recovered (awaiting re-registration)"));
        table.print(System.out);
        return null;
    }

    private static String state(AgentSnapshot a) {
        String state = a.state().name().toLowerCase();
        if (a.drain().isPresent()) {
            return state + ", " + a.drain().get().getState().name().toLowerCase();
        }
        return a.deactivated() ? state + ", deactivated" : state;
    }
}
