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
