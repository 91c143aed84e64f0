package org.agora.master.internal.term;

import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.offer.Offers;
import org.agora.master.internal.task.TaskManager;

/** What the term does when frameworks leave or fail over: the {@link FrameworkManager.Listener} of one term. */
final class FrameworkEvents implements FrameworkManager.Listener {
    private final Offers offers;
    private final TaskManager tasks;

    FrameworkEvents(Offers offers, TaskManager tasks) {
        this.offers = offers;
        this.tasks = tasks;
    }

    @Override
    public void frameworkRemoved(FrameworkRecord framework) {
        offers.withdraw(framework);
        tasks.frameworkRemoved(framework);
    }

    @Override
    public void frameworkDeactivated(FrameworkRecord framework) {
        offers.withdraw(framework);
    }

    @Override
    public void frameworkFailedOver(FrameworkRecord framework) {
        offers.rescindAll(framework);
    }
}
