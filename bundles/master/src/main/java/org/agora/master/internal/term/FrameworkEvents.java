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
package org.agora.master.internal.term;

import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.maintenance.Maintenance;
import org.agora.master.internal.offer.Offers;
import org.agora.master.internal.task.TaskManager;

/** What the term does when frameworks leave or fail over: the {@link FrameworkManager.Listener} of one term. */
final class FrameworkEvents implements FrameworkManager.Listener {
    private final Offers offers;
    private final TaskManager tasks;
    private final OperatorEvents events;
    private final Maintenance maintenance;

    FrameworkEvents(Offers offers, TaskManager tasks, OperatorEvents events, Maintenance maintenance) {
        this.maintenance = maintenance;
        this.offers = offers;
        this.tasks = tasks;
        this.events = events;
    }

    @Override
    public void frameworkAdded(FrameworkRecord framework) {
        events.frameworkAdded(framework);
    }

    @Override
    public void frameworkUpdated(FrameworkRecord framework) {
        events.frameworkUpdated(framework);
    }

    @Override
    public void frameworkRemoved(FrameworkRecord framework) {
        offers.withdraw(framework);
        tasks.frameworkRemoved(framework);
        maintenance.frameworkRemoved(framework);
        events.frameworkRemoved(framework.info());
    }

    @Override
    public void frameworkDeactivated(FrameworkRecord framework) {
        offers.withdraw(framework);
        maintenance.frameworkDisconnected(framework);
        events.frameworkUpdated(framework);
    }

    @Override
    public void frameworkFailedOver(FrameworkRecord framework) {
        offers.rescindAll(framework);
        maintenance.frameworkDisconnected(framework);
    }
}
