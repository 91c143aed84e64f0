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

import java.util.Optional;
import java.util.Set;
import org.agora.api.v1.Protos.FrameworkInfo;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.master.internal.allocation.AllocatorHost;
import org.agora.master.internal.framework.FrameworkManager;
import org.agora.master.internal.framework.FrameworkInfoChecks;
import org.agora.master.internal.framework.FrameworkRecord;
import org.agora.master.internal.framework.SchedulerStream;
import org.agora.master.internal.maintenance.Maintenance;
import org.agora.master.internal.offer.OfferManager;
import org.agora.master.internal.offer.Offers;
import org.agora.master.internal.role.RoleNames;
import org.agora.master.internal.security.Caller;
import org.agora.master.internal.task.ExecutorManager;
import org.agora.master.internal.task.Launcher;
import org.agora.master.internal.task.TaskManager;

/**
 * The v1 scheduler API's calls, once the HTTP layer has decoded and checked them: subscription, then every other
 * call of a subscribed framework on its current stream. Actor thread only.
 */
public final class SchedulerCalls {
    private final FrameworkManager frameworks;
    private final Launcher launcher;
    private final TaskManager tasks;
    private final ExecutorManager executors;
    private final OfferManager offerBook;
    private final Offers offers;
    private final AllocatorHost allocation;
    private final Maintenance maintenance;

    SchedulerCalls(FrameworkManager frameworks, Launcher launcher, TaskManager tasks, ExecutorManager executors,
            OfferManager offerBook, Offers offers, AllocatorHost allocation, Maintenance maintenance) {
        this.maintenance = maintenance;
        this.frameworks = frameworks;
        this.launcher = launcher;
        this.tasks = tasks;
        this.executors = executors;
        this.offerBook = offerBook;
        this.offers = offers;
        this.allocation = allocation;
    }

    /**
     * Decides a SUBSCRIBE's framework id and stream id.
     *
     * @throws IllegalStateException with a message for a framework that was torn down (sent as an ERROR event)
     */
    public FrameworkManager.Admission admit(FrameworkInfo info) {
        return frameworks.admit(info);
    }

    /** The SUBSCRIBE stream is open. */
    public void subscribed(FrameworkManager.Admission admission, SchedulerStream stream, Set<String> suppressed) {
        tasks.subscribed(frameworks.subscribed(admission, stream, suppressed));
    }

    /** The stream closed (the framework disconnected, or was replaced by a newer stream). */
    public void streamClosed(String frameworkId, String streamId) {
        frameworks.disconnected(frameworkId, streamId);
    }

    /**
     * Any call but SUBSCRIBE, on the framework's current stream.
     *
     * @throws CallRefusedException when the framework is unknown, not connected, or the stream is not its current
     *                              one (a stream from before a failover), or the call is inconsistent
     */
    public void call(Call call, String streamId, Caller caller) {
        String fid = call.getFrameworkId().getValue();
        FrameworkRecord f = frameworks.get(fid).orElseThrow(() -> new CallRefusedException(
                CallRefusedException.Reason.NOT_SUBSCRIBED, "Framework " + fid + " is not subscribed"));
        if (caller.principal().isPresent() && !caller.principal().get().value().equals(f.info().getPrincipal())) {
            // a stream id is no secret (it travels in headers): only the framework's principal may drive it
            throw new CallRefusedException(CallRefusedException.Reason.FORBIDDEN, "Principal '" + caller.describe()
                    + "' may not make calls for framework " + fid + ", which belongs to principal '"
                    + f.info().getPrincipal() + "'");
        }
        if (f.stream() == null) {
            throw new CallRefusedException(CallRefusedException.Reason.NOT_CONNECTED, "Framework " + fid
                    + " is not connected; subscribe first");
        }
        if (!f.stream().id().equals(streamId)) {
            throw new CallRefusedException(CallRefusedException.Reason.WRONG_STREAM, "The stream ID '" + streamId
                    + "' included in this request didn't match the stream ID currently associated with framework ID "
                    + fid);
        }
        switch (call.getType()) {
            case TEARDOWN -> frameworks.remove(f, "the framework asked (TEARDOWN)");
            case ACCEPT -> launcher.accept(f, call.getAccept());
            case DECLINE -> launcher.decline(f, call.getDecline());
            case REVIVE -> allocation.revive(f.id(), Set.copyOf(call.getRevive().getRolesList()));
            case SUPPRESS -> allocation.suppress(f.id(), Set.copyOf(call.getSuppress().getRolesList()));
            case KILL -> tasks.kill(f, call.getKill());
            case SHUTDOWN -> executors.shutdown(f, call.getShutdown());
            case ACKNOWLEDGE -> tasks.acknowledge(f, call.getAcknowledge());
            case RECONCILE -> tasks.reconcile(f, call.getReconcile().getTasksList());
            case MESSAGE -> tasks.message(f, call.getMessage());
            case REQUEST -> { } // deprecated in Mesos; accepted and ignored
            case UPDATE_FRAMEWORK -> updateFramework(f, call.getUpdateFramework());
            case ACCEPT_INVERSE_OFFERS -> maintenance.answer(f, call.getAcceptInverseOffers().getInverseOfferIdsList(),
                    true, call.getAcceptInverseOffers().hasFilters()
                            ? Optional.of(call.getAcceptInverseOffers().getFilters()) : Optional.empty());
            case DECLINE_INVERSE_OFFERS -> maintenance.answer(f, call.getDeclineInverseOffers()
                    .getInverseOfferIdsList(), false, call.getDeclineInverseOffers().hasFilters()
                            ? Optional.of(call.getDeclineInverseOffers().getFilters()) : Optional.empty());
            default -> throw new UnsupportedOperationException("Call " + call.getType()
                    + " is not implemented by Agora yet");
        }
    }

    private void updateFramework(FrameworkRecord f, Call.UpdateFramework u) {
        FrameworkInfo info = u.getFrameworkInfo();
        if (!info.getId().equals(f.id())) {
            throw new CallRefusedException(CallRefusedException.Reason.INVALID,
                    "'update_framework.framework_info.id' must be the framework's id");
        }
        RoleNames.validate(info).or(() -> FrameworkInfoChecks.problem(info)).ifPresent(e -> {
            throw new CallRefusedException(CallRefusedException.Reason.INVALID, e);
        });
        // as Mesos: who the framework is, who its tasks run as and whether they are checkpointed do not change
        for (String[] field : new String[][] {{"principal", f.info().getPrincipal(), info.getPrincipal()},
                {"user", f.info().getUser(), info.getUser()}}) {
            if (!field[1].equals(field[2])) {
                throw new CallRefusedException(CallRefusedException.Reason.INVALID, "'update_framework.framework_info."
                        + field[0] + "' cannot change (from '" + field[1] + "' to '" + field[2] + "')");
            }
        }
        if (f.info().getCheckpoint() != info.getCheckpoint()) {
            throw new CallRefusedException(CallRefusedException.Reason.INVALID,
                    "'update_framework.framework_info.checkpoint' cannot change");
        }
        f.info(info);
        f.suppressedRoles(Set.copyOf(u.getSuppressedRolesList()));
        for (String offerId : Set.copyOf(f.offers())) {
            offerBook.get(offerId).filter(o -> !f.roles().contains(role(o.offer()))).ifPresent(o -> {
                offerBook.remove(o.id());
                offers.rescind(o);
            });
        }
        allocation.updateFramework(f.id(), info, f.suppressedRoles());
        allocation.allocateSoon();
    }

    private static String role(Offer o) {
        return o.getAllocationInfo().getRole();
    }
}
