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

import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.FrameworkID;
import org.agora.api.v1.Protos.OfferID;

/**
 * The ids this master hands out, as Mesos forms them: frameworks {@code <master id>-<seq>}, agents
 * {@code <master id>-S<n>}, offers {@code <master id>-O<n>}. The master id is new for every master process, and these
 * counters live as long as the process, not as one leadership term: a master elected, deposed and elected again
 * never hands out an id twice (a repeated framework id would let a new framework silently become an old one).
 * Actor thread only.
 */
public final class Ids {
    private final String masterId;
    private long nextFramework;
    private long nextAgent;
    private long nextOffer;

    public Ids(String masterId) {
        this.masterId = masterId;
    }

    public FrameworkID newFrameworkId() {
        return FrameworkID.newBuilder().setValue(masterId + "-" + String.format("%04d", nextFramework++)).build();
    }

    public AgentID newAgentId() {
        return AgentID.newBuilder().setValue(masterId + "-S" + nextAgent++).build();
    }

    public OfferID newOfferId() {
        return OfferID.newBuilder().setValue(masterId + "-O" + nextOffer++).build();
    }
}
