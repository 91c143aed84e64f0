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
import org.agora.api.resources.Resources;
import org.agora.master.internal.FrameworkSnapshot;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.MasterView;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code agora:offers}: the offers outstanding, by framework, with their agent and resources. */
@Command(scope = "agora", name = "offers", description = "Lists outstanding offers (to one framework when its id is "
        + "given).")
@Service
public class OffersCommand implements Action {

    @Reference
    MasterView master;

    @Argument(index = 0, name = "framework", description = "Only the offers made to this framework.",
            required = false)
    @Completion(FrameworkIdCompleter.class)
    String framework;

    @Override
    public Object execute() throws Exception {
        MasterSnapshot s = master.snapshot().get(10, TimeUnit.SECONDS);
        if (framework != null && s.frameworks().frameworks().stream().noneMatch(f -> f.id().equals(framework))) {
            throw new IllegalArgumentException("Unknown framework '" + framework + "' (agora:frameworks lists them)");
        }
        ShellTable table = new ShellTable();
        table.column("Offer");
        table.column("Framework");
        table.column("Agent");
        table.column("Resources");
        for (FrameworkSnapshot f : s.frameworks().frameworks()) {
            if (framework == null || framework.equals(f.id())) {
                f.offers().forEach(o -> table.addRow().addContent(o.getId().getValue(), f.id(),
                        o.getHostname() + " (" + o.getAgentId().getValue() + ")",
                        Resources.of(o.getResourcesList()).toString()));
            }
        }
        table.print(System.out);
        return null;
    }
}
