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
package org.agora.containerizer.mesos.internal.shell;

import org.agora.api.containerizer.Containerizer;
import org.agora.containerizer.mesos.internal.NativeContainerizer;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code agora:isolators}: what isolates new containers, and whether each isolator is usable. */
@Command(scope = "agora", name = "isolators", description = "Shows the isolators new containers get ('isolation' in "
        + "etc/org.agora.containerizer.mesos.cfg) and the state of each.")
@Service
public class IsolatorsCommand implements Action {

    @Reference
    Containerizer containerizer;

    @Override
    public Object execute() {
        if (!(containerizer instanceof NativeContainerizer nativeContainerizer)) {
            System.out.println("The active containerizer (" + containerizer.name() + ") does not list its isolators");
            return null;
        }
        var states = nativeContainerizer.isolatorStates();
        if (states.isEmpty()) {
            System.out.println("No isolation: tasks run as plain processes (isolation is empty)");
        }
        states.forEach((name, state) -> System.out.printf("%-18s %s%n", name, state));
        System.out.println(nativeContainerizer.containers().size() + " running containers");
        return null;
    }
}
