package org.agora.master.internal;

import java.util.Optional;
import org.agora.api.v1.Protos.MasterInfo;

/** This master does not lead (now): the call belongs to {@link #leader()}, when one is known. */
public final class NotLeaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Optional<MasterInfo> leader;

    public NotLeaderException(Optional<MasterInfo> leader) {
        super(leader.map(l -> "This master is not the leader; the leader is " + l.getHostname() + ":" + l.getPort())
                .orElse("No leading master is known at the moment"));
        this.leader = leader;
    }

    public Optional<MasterInfo> leader() {
        return leader;
    }
}
