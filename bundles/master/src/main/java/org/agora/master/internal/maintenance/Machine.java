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
package org.agora.master.internal.maintenance;

import java.util.Locale;
import org.agora.api.v1.Protos.MachineID;

/**
 * A machine as maintenance names it: a hostname (compared case-insensitively, so kept lower-case) and an IP. As in
 * Mesos, an agent is on a machine when both its announced hostname and the IP the master sees it at match; a field
 * left out is the empty string and matches only an empty field.
 */
public record Machine(String hostname, String ip) {

    public Machine {
        hostname = hostname.toLowerCase(Locale.ROOT);
    }

    public static Machine of(MachineID id) {
        return new Machine(id.getHostname(), id.getIp());
    }

    public MachineID toProto() {
        MachineID.Builder b = MachineID.newBuilder();
        if (!hostname.isEmpty()) {
            b.setHostname(hostname);
        }
        if (!ip.isEmpty()) {
            b.setIp(ip);
        }
        return b.build();
    }

    /** "host/10.0.0.1", for messages and logs. */
    @Override
    public String toString() {
        return hostname + "/" + ip;
    }
}
