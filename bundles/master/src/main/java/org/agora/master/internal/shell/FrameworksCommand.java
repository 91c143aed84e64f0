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

import java.util.concurrent.TimeUnit;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.MasterView;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code agora:frameworks}: subscribed frameworks with their roles, tasks and resources. */
@Command(scope = "agora", name = "frameworks", description = "Lists the frameworks this master knows.")
@Service
public class FrameworksCommand implements Action {

    @Reference
    MasterView master;

    @Option(name = "-c", aliases = "--completed", description = "Also list torn-down frameworks.")
    boolean completed;

    @Override
    public Object execute() throws Exception {
        MasterSnapshot s = master.snapshot().get(10, TimeUnit.SECONDS);
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Roles");
        table.column("State");
        table.column("Tasks");
        table.column("Used");
        table.column("Offered");
        s.frameworks().frameworks().forEach(f -> row(table, f, f.connected() ? "connected"
                : f.recovered() ? "recovered" : "disconnected"));
        if (completed) {
            s.frameworks().completed().forEach(f -> row(table, f, "completed"));
        }
        table.print(System.out);
        return null;
    }

    private static void row(ShellTable table, FrameworkSnapshot f, String state) {
        table.addRow().addContent(f.id(), f.info().getName(), String.join(",", f.roles()), state,
                f.tasks().size(), f.used().toString(), f.offered().toString());
    }
}
