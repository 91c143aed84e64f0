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
package org.agora.isolator.network.cni.internal;

import java.util.Map;
import java.util.Optional;
import org.agora.api.v1.Protos.NetworkInfo;

/**
 * One network a container joined: what DEL needs later, even after an agent restart or a change of the configuration
 * directory (the configuration used for ADD is kept, as Mesos keeps it), and what its status reports.
 *
 * @param network the network as configured when the container joined it
 * @param ifname the container's interface for it ({@code eth0}, {@code eth1}, ...)
 * @param runtimeConfig the capability arguments given to ADD ({@code portMappings}), given to DEL again
 * @param info the container's {@code NetworkInfo} for this network, as the task asked for it
 * @param result what ADD answered; empty while ADD runs or when it failed
 */
record Attachment(CniNetwork network, String ifname, Map<String, Object> runtimeConfig, NetworkInfo info,
        Optional<CniResult> result) {

    Attachment {
        runtimeConfig = Map.copyOf(runtimeConfig);
    }

    Attachment withResult(CniResult r) {
        return new Attachment(network, ifname, runtimeConfig, info, Optional.of(r));
    }

    /** The network as status updates report it: the task's {@code NetworkInfo} with the addresses ADD assigned. */
    NetworkInfo reported() {
        NetworkInfo.Builder b = info.toBuilder().clearIpAddresses();
        result.ifPresent(r -> b.addAllIpAddresses(r.addresses()));
        return b.build();
    }
}
