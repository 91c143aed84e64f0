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
package org.agora.services.internal.shell;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agora.services.internal.ServicesComponent;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code agora:deployments}: the services scheduler's running deployments and their current step. */
@Command(scope = "agora", name = "deployments",
        description = "Lists the running deployments of the services scheduler (Marathon's /v2/deployments).")
@Service
public class DeploymentsCommand implements Action {

    @Reference
    ServicesComponent services;

    @Override
    public Object execute() throws Exception {
        if (!LeaderNote.leads(services)) {
            return null;
        }
        ShellTable table = new ShellTable();
        for (String c : List.of("ID", "App", "Step", "Action", "Version")) {
            table.column(c);
        }
        for (Map<String, Object> d : services.scheduler().deployments().get(10, TimeUnit.SECONDS)) {
            Map<?, ?> action = (Map<?, ?>) ((List<?>) d.get("currentActions")).get(0);
            table.addRow().addContent(d.get("id"), action.get("app"), d.get("currentStep") + "/" + d.get("totalSteps"),
                    action.get("action"), d.get("version"));
        }
        table.print(System.out);
        return null;
    }
}
