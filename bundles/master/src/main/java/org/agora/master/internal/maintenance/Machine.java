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
