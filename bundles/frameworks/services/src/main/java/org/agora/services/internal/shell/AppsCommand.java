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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.agora.services.internal.ServicesComponent;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code agora:apps}: the services scheduler's apps with their instance counts and running deployment. */
@Command(scope = "agora", name = "apps",
        description = "Lists the apps of the services scheduler (Marathon's /v2/apps).")
@Service
public class AppsCommand implements Action {

    @Reference
    ServicesComponent services;

    @Argument(index = 0, name = "prefix", description = "Only apps whose id starts with this (/group).")
    String prefix = "/";

    @Override
    public Object execute() throws Exception {
        if (!LeaderNote.leads(services)) {
            return null;
        }
        List<Map<String, Object>> apps = services.scheduler().apps(prefix.startsWith("/") ? prefix : "/" + prefix,
                Set.of()).get(10, TimeUnit.SECONDS);
        ShellTable table = new ShellTable();
        for (String c : List.of("ID", "Instances", "Running", "Staged", "Healthy", "Unhealthy", "Deployment",
                "Version")) {
            table.column(c);
        }
        for (Map<String, Object> a : apps) {
            List<?> deployments = (List<?>) a.get("deployments");
            table.addRow().addContent(a.get("id"), a.get("instances"), a.get("tasksRunning"), a.get("tasksStaged"),
                    a.get("tasksHealthy"), a.get("tasksUnhealthy"),
                    deployments.isEmpty() ? "" : ((Map<?, ?>) deployments.get(0)).get("id"), a.get("version"));
        }
        table.print(System.out);
        return null;
    }
}
