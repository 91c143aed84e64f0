package org.agora.master.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.Task;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.framework.TaskRecord;
import org.agora.master.internal.offer.OfferManager;

/** One framework at one instant, immutable, for the state endpoints and the shell. */
public record FrameworkSnapshot(FrameworkInfo info, boolean connected, boolean active, boolean recovered,
        Instant registeredTime, Optional<Instant> reregisteredTime, Optional<Instant> unregisteredTime,
        Set<String> roles, List<Task> tasks, List<Task> completedTasks, List<Offer> offers, Resources used,
        Resources offered) {

    public String id() {
        return info.getId().getValue();
    }

    /** Every framework the master knows, then the completed ones (newest last). */
    public record All(List<FrameworkSnapshot> frameworks, List<FrameworkSnapshot> completed) {
    }

    static All of(FrameworkManager frameworks, OfferManager offers) {
        List<FrameworkSnapshot> active = new ArrayList<>();
        frameworks.all().forEach(f -> active.add(of(f, offers)));
        List<FrameworkSnapshot> completed = new ArrayList<>();
        frameworks.completed().forEach(f -> completed.add(of(f, offers)));
        return new All(active, completed);
    }

    private static FrameworkSnapshot of(FrameworkRecord f, OfferManager offers) {
        List<Task> tasks = new ArrayList<>();
        Resources used = Resources.empty();
        for (TaskRecord t : f.tasks().values()) {
            tasks.add(t.task());
            if (!TaskRecord.isTerminal(t.state())) {
                used = used.plus(t.resources());
            }
        }
        List<Offer> outstanding = offers.offersOf(f.idValue());
        Resources offered = Resources.empty();
        for (Offer o : outstanding) {
            offered = offered.plus(Resources.of(o.getResourcesList()));
        }
        return new FrameworkSnapshot(f.info(), f.connected(), f.connected(), f.recovered(), f.registeredTime(),
                Optional.ofNullable(f.reregisteredTime()), Optional.ofNullable(f.unregisteredTime()), f.roles(),
                tasks, List.copyOf(f.completedTasks()), outstanding, used, offered);
    }
}
