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
package org.agora.master.internal.registry;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.api.registry.RegistryProtos.Reservations;
import org.agora.api.registry.RegistryProtos.Maintenance;
import org.agora.api.v1.Protos.AgentInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;
import org.agora.api.v1.Protos.WeightInfo;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.master.internal.registry.RegistryException.Corrupt;

/**
 * The one place that knows how each entry is stored, both ways. Decoding is strict: whatever a writer of this class
 * would not have written fails with {@link Corrupt} naming the znode ({@code znode} is the path as shown to the
 * operator). Unknown protobuf fields are kept, not refused, so a newer master's entries stay readable.
 */
final class RegistryCodec {
    private RegistryCodec() {
    }

    static byte[] cluster(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    static String cluster(String znode, byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new Corrupt(znode, "does not hold a UTF-8 cluster name (" + data.length + " bytes)");
        }
    }

    static byte[] time(Instant when) {
        return ByteBuffer.allocate(Long.BYTES).putLong(when.toEpochMilli()).array();
    }

    static Instant time(String znode, byte[] data) {
        if (data.length != Long.BYTES) {
            throw new Corrupt(znode, "holds " + data.length + " bytes where a timestamp (8 bytes, epoch millis) "
                    + "belongs");
        }
        return Instant.ofEpochMilli(ByteBuffer.wrap(data).getLong());
    }

    static AgentInfo agent(String znode, String id, byte[] data) {
        AgentInfo info;
        try {
            info = AgentInfo.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new Corrupt(znode, "is not an AgentInfo (" + data.length + " bytes): " + e.getMessage());
        }
        if (!info.getId().getValue().equals(id)) {
            throw new Corrupt(znode, "holds the AgentInfo of agent '" + info.getId().getValue() + "', not of '" + id
                    + "'");
        }
        return info;
    }

    static Maintenance maintenance(String znode, byte[] data) {
        try {
            return Maintenance.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new Corrupt(znode, "is not a Maintenance record: " + e.getMessage());
        }
    }

    static byte[] reservations(List<Resource> reserved) {
        return Reservations.newBuilder().addAllResources(reserved).build().toByteArray();
    }

    static List<Resource> reservations(String znode, byte[] data) {
        List<Resource> reserved;
        try {
            reserved = Reservations.parseFrom(data).getResourcesList();
        } catch (InvalidProtocolBufferException e) {
            throw new Corrupt(znode, "is not a Reservations record (" + data.length + " bytes): " + e.getMessage());
        }
        if (reserved.isEmpty()) {
            throw new Corrupt(znode, "holds no reservation (an agent without any has no entry)");
        }
        return reserved;
    }

    /** @throws IllegalArgumentException unless {@code weight} is a finite positive number */
    static byte[] weight(String role, double weight) {
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight of role '" + role + "' must be a positive finite number, got "
                    + weight);
        }
        return WeightInfo.newBuilder().setRole(role).setWeight(weight).build().toByteArray();
    }

    static double weight(String znode, String role, byte[] data) {
        WeightInfo info;
        try {
            info = WeightInfo.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new Corrupt(znode, "is not a WeightInfo (" + data.length + " bytes): " + e.getMessage());
        }
        if (!info.getRole().equals(role)) {
            throw new Corrupt(znode, "holds the weight of role '" + info.getRole() + "', not of '" + role + "'");
        }
        if (!(info.getWeight() > 0) || Double.isInfinite(info.getWeight())) {
            throw new Corrupt(znode, "holds weight " + info.getWeight() + ", not a positive finite number");
        }
        return info.getWeight();
    }

    /** @throws IllegalArgumentException for an empty quota (that is a removal) or a negative or infinite amount */
    static byte[] quota(QuotaConfig config) {
        problem(config).ifPresent(p -> {
            throw new IllegalArgumentException("quota of role '" + config.getRole() + "' " + p);
        });
        return config.toByteArray();
    }

    static QuotaConfig quota(String znode, String role, byte[] data) {
        QuotaConfig config;
        try {
            config = QuotaConfig.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new Corrupt(znode, "is not a QuotaConfig (" + data.length + " bytes): " + e.getMessage());
        }
        if (!config.getRole().equals(role)) {
            throw new Corrupt(znode, "holds the quota of role '" + config.getRole() + "', not of '" + role + "'");
        }
        problem(config).ifPresent(p -> {
            throw new Corrupt(znode, "holds a quota that " + p);
        });
        return config;
    }

    private static Optional<String> problem(QuotaConfig config) {
        if (config.getGuaranteesCount() == 0 && config.getLimitsCount() == 0) {
            return Optional.of("has neither guarantees nor limits");
        }
        for (Map<String, Value.Scalar> amounts : List.of(config.getGuaranteesMap(), config.getLimitsMap())) {
            for (var e : amounts.entrySet()) {
                double v = e.getValue().getValue();
                if (!(v >= 0) || Double.isInfinite(v)) {
                    return Optional.of("has amount " + v + " of '" + e.getKey() + "', not a non-negative "
                            + "finite number");
                }
            }
        }
        return Optional.empty();
    }
}
