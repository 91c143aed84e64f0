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
import java.util.Map;
import java.util.TreeMap;
import org.agora.api.v1.Protos.Value;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.MasterView;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code agora:quota}: the quota of each role; {@code agora:quota --guarantee 'cpus:1;mem:512' --limit ... set <role>}
 * and {@code agora:quota remove <role>} (options before arguments, as Karaf parses them) change it through the
 * operator API's UPDATE_QUOTA, so the command answers once the change is persisted in the registry.
 */
@Command(scope = "agora", name = "quota", description = "Shows role quotas; '--guarantee .. --limit .. set <role>' "
        + "or 'remove <role>' changes one (persisted before it answers).")
@Service
public class QuotaCommand implements Action {

    @Reference
    MasterView master;

    @Argument(index = 0, name = "action", description = "show (the default), set or remove", required = false)
    @Completion(value = StringsCompleter.class, values = {"show", "set", "remove"})
    String action;

    @Argument(index = 1, name = "role", description = "The role whose quota to set or remove", required = false)
    String role;

    @Option(name = "-g", aliases = "--guarantee", description = "Scalar resources guaranteed, e.g. cpus:1;mem:512")
    String guarantee;

    @Option(name = "-l", aliases = "--limit", description = "Most scalar resources the role may hold, e.g. cpus:4")
    String limit;

    @Option(name = "--force", description = "Set a guarantee even if the cluster cannot satisfy it now")
    boolean force;

    @Override
    public Object execute() throws Exception {
        String what = action == null ? "show" : action;
        if (!what.equals("set") && (guarantee != null || limit != null || force)) {
            throw new IllegalArgumentException("--guarantee, --limit and --force go with set, e.g. agora:quota "
                    + "--guarantee 'cpus:1;mem:512' set web");
        }
        switch (what) {
            case "show" -> {
            }
            case "set" -> {
                QuotaConfig.Builder q = QuotaConfig.newBuilder().setRole(role("set"));
                if (guarantee == null && limit == null) {
                    throw new IllegalArgumentException("agora:quota set needs --guarantee or --limit (or both); "
                            + "e.g. agora:quota --guarantee 'cpus:1;mem:512' set " + role);
                }
                if (guarantee != null) {
                    q.putAllGuarantees(Scalars.parse("--guarantee", guarantee));
                }
                if (limit != null) {
                    q.putAllLimits(Scalars.parse("--limit", limit));
                }
                Await.answer(master.operate(ops -> ops.updateQuota(List.of(q.build()), force,
                        ShellCaller.current())));
            }
            case "remove" -> Await.answer(master.operate(ops -> ops.updateQuota(List.of(QuotaConfig.newBuilder()
                    .setRole(role("remove")).build()), true, ShellCaller.current())));
            default -> throw new IllegalArgumentException("Unknown action '" + what + "'; allowed: show, set, "
                    + "remove");
        }
        print(Await.snapshot(master));
        return null;
    }

    private String role(String action) {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("agora:quota " + action + " needs a role");
        }
        return role;
    }

    private static void print(MasterSnapshot s) {
        ShellTable table = new ShellTable();
        table.column("Role");
        table.column("Guarantee");
        table.column("Limit");
        Map<String, QuotaConfig> quotas = new TreeMap<>();
        s.quotas().forEach(q -> quotas.put(q.getRole(), q));
        quotas.values().forEach(q -> table.addRow().addContent(q.getRole(), Scalars.text(q.getGuaranteesMap()),
                Scalars.text(q.getLimitsMap())));
        table.print(System.out);
    }

    /** Scalar resource lists as the operator types and reads them: {@code cpus:1;mem:512}. */
    static final class Scalars {
        private Scalars() {
        }

        /** @throws IllegalArgumentException naming the option and the fragment that is not {@code name:number} */
        static Map<String, Value.Scalar> parse(String option, String text) {
            Map<String, Value.Scalar> out = new TreeMap<>();
            for (String fragment : text.split(";")) {
                String f = fragment.trim();
                if (f.isEmpty()) {
                    continue;
                }
                int colon = f.indexOf(':');
                double value;
                try {
                    value = colon > 0 ? Double.parseDouble(f.substring(colon + 1).trim()) : Double.NaN;
                } catch (NumberFormatException e) {
                    value = Double.NaN;
                }
                if (colon <= 0 || !Double.isFinite(value) || value < 0) {
                    throw new IllegalArgumentException(option + ": '" + f + "' is not name:amount with a "
                            + "non-negative number (e.g. cpus:1;mem:512)");
                }
                out.put(f.substring(0, colon).trim(), Value.Scalar.newBuilder().setValue(value).build());
            }
            return out;
        }

        static String text(Map<String, Value.Scalar> values) {
            StringBuilder b = new StringBuilder();
            new TreeMap<>(values).forEach((name, v) -> b.append(b.length() == 0 ? "" : ";").append(name).append(':')
                    .append(number(v.getValue())));
            return b.toString();
        }

        static String number(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
