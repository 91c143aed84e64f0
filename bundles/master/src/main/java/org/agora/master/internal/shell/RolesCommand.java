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

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.agora.api.resources.Resources;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.MasterView;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code agora:roles}: every role in use or configured, with its weight, quota and what its frameworks hold. */
@Command(scope = "agora", name = "roles", description = "Lists roles with their weight, quota guarantee and limit, "
        + "frameworks and used resources.")
@Service
public class RolesCommand implements Action {

    @Reference
    MasterView master;

    @Override
    public Object execute() throws Exception {
        MasterSnapshot s = master.snapshot().get(10, TimeUnit.SECONDS);
        Map<String, QuotaConfig> quotas = new TreeMap<>();
        s.quotas().forEach(q -> quotas.put(q.getRole(), q));
        TreeSet<String> roles = new TreeSet<>(s.weights().keySet());
        roles.addAll(quotas.keySet());
        Map<String, Integer> frameworks = new TreeMap<>();
        Map<String, Resources> used = new TreeMap<>();
        for (FrameworkSnapshot f : s.frameworks().frameworks()) {
            for (String role : f.roles()) {
                roles.add(role);
                frameworks.merge(role, 1, Integer::sum);
            }
            f.tasks().forEach(t -> t.getResourcesList().forEach(r -> used.merge(allocationRole(r, f), Resources.of(
                    java.util.List.of(r)), Resources::plus)));
        }
        ShellTable table = new ShellTable();
        table.column("Role");
        table.column("Weight");
        table.column("Guarantee");
        table.column("Limit");
        table.column("Frameworks");
        table.column("Used");
        for (String role : roles) {
            QuotaConfig q = quotas.get(role);
            table.addRow().addContent(role, QuotaCommand.Scalars.number(s.weights().getOrDefault(role, 1.0)),
                    q == null ? "" : QuotaCommand.Scalars.text(q.getGuaranteesMap()),
                    q == null ? "" : QuotaCommand.Scalars.text(q.getLimitsMap()),
                    frameworks.getOrDefault(role, 0), used.getOrDefault(role, Resources.empty()).toString());
        }
        table.print(System.out);
        return null;
    }

    private static String allocationRole(org.agora.api.v1.Protos.Resource r, FrameworkSnapshot f) {
        return r.hasAllocationInfo() && r.getAllocationInfo().hasRole() ? r.getAllocationInfo().getRole()
                : f.roles().iterator().next();
    }
}
