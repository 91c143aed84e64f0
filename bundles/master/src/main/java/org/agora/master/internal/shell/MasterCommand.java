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

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.agora.api.Versions;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.MasterView;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code agora:master}: who leads, this master's id, version and uptime. */
@Command(scope = "agora", name = "master", description = "Shows this master: leadership, id, version, uptime.")
@Service
public class MasterCommand implements Action {

    @Reference
    MasterView master;

    @Override
    public Object execute() throws Exception {
        MasterSnapshot s = master.snapshot().get(10, TimeUnit.SECONDS);
        var self = s.self();
        System.out.println("Master   " + self.getId() + " at " + self.getHostname() + ":" + self.getPort());
        System.out.println("Role     " + (s.leading() ? "leader" : "follower"));
        System.out.println("Leader   " + s.leader().map(l -> l.getId() + " at " + l.getHostname() + ":" + l.getPort())
                .orElse("none known"));
        System.out.println("Version  Agora " + Versions.AGORA + " (Mesos API " + Versions.MESOS_API + ")");
        System.out.println("Uptime   " + human(Duration.between(s.startTime(), Instant.now())));
        s.electedTime().ifPresent(t -> System.out.println("Elected  " + t));
        System.out.println("Agents   " + s.agents().size() + " registered, " + s.recoveredAgents().size()
                + " awaiting re-registration");
        return null;
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + (s % 60) + "s" : (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }
}
