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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agora.api.json.JsonParseException;
import org.agora.api.json.JsonTree;
import org.agora.api.v1.Protos.NetworkInfo;

/**
 * What a CNI plugin answered to ADD: the result document as the plugin wrote it (the next plugin of a chain gets it
 * as {@code prevResult}, and DEL gets the last one), and the addresses it assigned. Results of spec 0.3.0 and later
 * (1.0.0 included) list them in {@code ips[].address} ({@code "10.1.0.5/24"}); 0.1.0 and 0.2.0 results in
 * {@code ip4.ip} and {@code ip6.ip}.
 *
 * @param document the result as written
 */
record CniResult(Map<String, Object> document) {

    /**
     * Reads a plugin's standard output.
     *
     * @throws CniException naming the plugin when the output is not a JSON object
     */
    static CniResult parse(String plugin, String stdout) {
        Object doc;
        try {
            doc = JsonTree.parse(stdout);
        } catch (JsonParseException e) {
            throw new CniException("CNI plugin '" + plugin + "' answered with a result that is not JSON: "
                    + e.getMessage(), e);
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new CniException("CNI plugin '" + plugin + "' answered with " + JsonTree.kindOf(doc)
                    + " where a result object belongs");
        }
        return new CniResult(CniNetwork.plain(map));
    }

    /** The addresses assigned, without their prefix length, as {@code NetworkInfo.IPAddress}es, IPv4 first. */
    List<NetworkInfo.IPAddress> addresses() {
        List<String> cidrs = new ArrayList<>();
        if (document.get("ips") instanceof List<?> ips) {
            for (Object ip : ips) {
                if (ip instanceof Map<?, ?> m && m.get("address") instanceof String a) {
                    cidrs.add(a);
                }
            }
        }
        for (String legacy : List.of("ip4", "ip6")) {
            if (document.get(legacy) instanceof Map<?, ?> m && m.get("ip") instanceof String a) {
                cidrs.add(a);
            }
        }
        List<NetworkInfo.IPAddress> out = new ArrayList<>();
        for (String cidr : cidrs) {
            int slash = cidr.indexOf('/');
            String ip = slash < 0 ? cidr : cidr.substring(0, slash);
            NetworkInfo.Protocol protocol = ip.contains(":") ? NetworkInfo.Protocol.IPv6 : NetworkInfo.Protocol.IPv4;
            out.add(NetworkInfo.IPAddress.newBuilder().setProtocol(protocol).setIpAddress(ip).build());
        }
        out.sort((a, b) -> Integer.compare(a.getProtocol().getNumber(), b.getProtocol().getNumber()));
        return out;
    }

    /**
     * The message of a CNI error document ({@code {"code": 7, "msg": "...", "details": "..."}}), or null when
     * {@code stdout} is not one.
     */
    static String errorMessage(String stdout) {
        Object doc;
        try {
            doc = JsonTree.parse(stdout);
        } catch (JsonParseException e) {
            return null;
        }
        if (!(doc instanceof Map<?, ?> m) || !(m.get("msg") instanceof String msg)) {
            return null;
        }
        StringBuilder b = new StringBuilder(msg);
        if (m.get("details") instanceof String details && !details.isBlank()) {
            b.append(" (").append(details).append(')');
        }
        if (m.get("code") != null) {
            b.append(" [CNI error code ").append(m.get("code")).append(']');
        }
        return b.toString();
    }
}
