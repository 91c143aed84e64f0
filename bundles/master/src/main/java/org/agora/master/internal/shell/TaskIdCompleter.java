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
