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
import java.util.TreeSet;
import org.agora.api.v1.Protos.WeightInfo;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.MasterView;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code agora:weights}: each role's weight (1 unless set); {@code agora:weights set <role> <weight>} changes it
 * through the operator API's UPDATE_WEIGHTS, answering once it is persisted in the registry.
 */
@Command(scope = "agora", name = "weights", description = "Shows role weights; 'set <role> <weight>' changes one "
        + "(persisted before it answers).")
@Service
public class WeightsCommand implements Action {

    @Reference
    MasterView master;

    @Argument(index = 0, name = "action", description = "show (the default) or set", required = false)
    @Completion(value = StringsCompleter.class, values = {"show", "set"})
    String action;

    @Argument(index = 1, name = "role", description = "The role whose weight to set", required = false)
    String role;

    @Argument(index = 2, name = "weight", description = "Its weight, a positive number", required = false)
    String weight;

    @Override
    public Object execute() throws Exception {
        String what = action == null ? "show" : action;
        switch (what) {
            case "show" -> {
            }
            case "set" -> {
                if (role == null || weight == null) {
                    throw new IllegalArgumentException("agora:weights set needs a role and a weight, e.g. "
                            + "agora:weights set web 2.5");
                }
                double w;
                try {
                    w = Double.parseDouble(weight);
                } catch (NumberFormatException e) {
                    w = Double.NaN;
                }
                if (!Double.isFinite(w) || w <= 0) {
                    throw new IllegalArgumentException("Weight '" + weight + "' is not a positive number");
                }
                WeightInfo info = WeightInfo.newBuilder().setRole(role).setWeight(w).build();
                Await.answer(master.operate(ops -> ops.updateWeights(List.of(info), ShellCaller.current())));
            }
            default -> throw new IllegalArgumentException("Unknown action '" + what + "'; allowed: show, set");
        }
        MasterSnapshot s = Await.snapshot(master);
        TreeSet<String> roles = new TreeSet<>(s.weights().keySet());
        s.frameworks().frameworks().stream().map(FrameworkSnapshot::roles).forEach(roles::addAll);
        ShellTable table = new ShellTable();
        table.column("Role");
        table.column("Weight");
        table.column("Set");
        roles.forEach(r -> table.addRow().addContent(r, QuotaCommand.Scalars.number(s.weights().getOrDefault(r, 1.0)),
                s.weights().containsKey(r) ? "yes" : "default"));
        table.print(System.out);
        return null;
    }
}
