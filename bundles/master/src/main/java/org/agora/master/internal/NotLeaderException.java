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
