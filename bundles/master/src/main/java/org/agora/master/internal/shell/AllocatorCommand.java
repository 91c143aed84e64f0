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

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.agora.master.internal.AllocatorService;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.MasterView;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code agora:allocator [name]}: shows the active allocator and the installed ones; with a name, switches to it
 * by setting the master's {@code allocator} option (kept in etc/org.agora.master.cfg), without a restart.
 */
@Command(scope = "agora", name = "allocator", description = "Shows the active allocator; with a name, switches to "
        + "that installed allocator at runtime.")
@Service
public class AllocatorCommand implements Action {
    private static final String MASTER_PID = "org.agora.master";

    @Reference
    MasterView master;

    @Reference
    ConfigurationAdmin configAdmin;

    @Argument(index = 0, name = "name", description = "Allocator to switch to (for example drf or firstfit)")
    String name;

    @Option(name = "--reset", description = "Forget the chosen allocator: use the highest ranked one")
    boolean reset;

    @Override
    public Object execute() throws Exception {
        if (name != null || reset) {
            String choice = reset ? "" : name.trim();
            List<AllocatorService> installed = master.allocators();
            if (!choice.isEmpty() && installed.stream().noneMatch(a -> a.name().equals(choice))) {
                System.out.println("No allocator named '" + choice + "' is installed; installed: "
                        + names(installed));
                return null;
            }
            Configuration c = configAdmin.getConfiguration(MASTER_PID, "?");
            Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
            props.put("allocator", choice);
            c.update(props);
            if (!awaitActive(choice)) {
                System.out.println("Allocator choice recorded, but the master has not switched yet");
                return null;
            }
        }
        print(master.snapshot().get(10, TimeUnit.SECONDS));
        return null;
    }

    private boolean awaitActive(String choice) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (master.allocatorChoice().equals(choice)) {
                String active = master.snapshot().get(10, TimeUnit.SECONDS).allocator();
                if (choice.isEmpty() || active.equals(choice)) {
                    return true;
                }
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling the master from the shell, not synchronising tests
        }
        return false;
    }

    private void print(MasterSnapshot s) {
        String choice = master.allocatorChoice();
        System.out.println("Active     " + s.allocator() + (choice.isEmpty() ? " (highest ranked)" : " (chosen)"));
        System.out.println("Installed  " + names(master.allocators()));
        Map<String, Double> m = s.allocatorMetrics();
        if (m.containsKey("allocation_run_ms/p50")) {
            System.out.printf("Cycle      p50 %.2f ms, p99 %.2f ms over %.0f runs%n", m.get("allocation_run_ms/p50"),
                    m.getOrDefault("allocation_run_ms/p99", Double.NaN),
                    m.getOrDefault("allocation_run_ms/count", 0.0));
        }
    }

    private static String names(List<AllocatorService> installed) {
        return installed.isEmpty() ? "none" : installed.stream()
                .map(a -> a.name() + " (ranking " + a.ranking() + ")").sorted().collect(Collectors.joining(", "));
    }
}
