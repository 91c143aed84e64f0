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

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.UUID;
import org.agora.api.Versions;
import org.agora.api.json.JsonParseException;
import org.agora.api.json.ProtoJson;
import org.agora.api.v1.Protos.Address;
import org.agora.api.v1.Protos.MasterInfo;
import org.agora.discovery.Leader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** This master's MasterInfo, as Mesos fills it in, and the leader's, as read from its znode. */
final class MasterInfos {
    private static final Logger LOG = LoggerFactory.getLogger(MasterInfos.class);

    private MasterInfos() {
    }

    /** A new master's identity: a fresh id for every process, the address it advertises. */
    static MasterInfo self(MasterSettings settings, int port) {
        String id = UUID.randomUUID().toString();
        String ip = settings.advertisedIp();
        return MasterInfo.newBuilder().setId(id).setIp(ipv4NetworkOrder(ip)).setPort(port)
                .setPid("master@" + ip + ":" + port).setHostname(settings.hostname()).setVersion(Versions.MESOS_API)
                .setAddress(Address.newBuilder().setHostname(settings.hostname()).setIp(ip).setPort(port))
                .build();
    }

    /** The leader's MasterInfo from its znode's JSON; empty (and logged) when it is not readable. */
    static Optional<MasterInfo> parseLeader(Leader leader) {
        try {
            return Optional.of(ProtoJson.parse(leader.data(), MasterInfo.newBuilder()).build());
        } catch (JsonParseException | IllegalStateException | com.google.protobuf.UninitializedMessageException e) {
            LOG.warn("Leader znode {} does not hold a readable MasterInfo: {}", leader.znode(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Mesos keeps the IPv4 address as a uint32 holding the bytes in network order (127.0.0.1 is 16777343). */
    static int ipv4NetworkOrder(String ip) {
        try {
            byte[] b = InetAddress.getByName(ip).getAddress();
            if (b.length != 4) {
                return 0;
            }
            return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
        } catch (UnknownHostException e) {
            return 0;
        }
    }
}
