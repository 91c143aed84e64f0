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

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Where each entry lives, relative to the master group's path: {@code registry/cluster} (the cluster name, UTF-8),
 * {@code registry/agents/<shard>/<agent id>} (AgentInfo), {@code registry/unreachable/<shard>/<agent id>} and
 * {@code registry/gone/<shard>/<agent id>} (epoch millis, 8 bytes big-endian),
 * {@code registry/reservations/<shard>/<agent id>} (Reservations), {@code registry/weights/<role>} (WeightInfo),
 * {@code registry/quotas/<role>} (QuotaConfig) and {@code registry/maintenance} (Maintenance: the schedule and the
 * DOWN machines). Agent ids are znode names as they are; role names are percent-encoded (below) because hierarchical
 * roles contain '/'.
 *
 * <p>The agent tables are split into {@link #SHARDS} shards, znodes without data named by {@link #shard}, created
 * with their first entry and never removed. ZooKeeper returns a parent's whole list of children in one reply, which
 * must fit the client's 1 MiB {@code jute.maxbuffer}: one flat table held about 17,000 agents, a sharded one holds
 * 256 times that. Masters before the shards kept {@code registry/agents/<agent id>}; recovery reads that layout too
 * and moves its entries into their shards ({@link RegistryReader}).
 */
final class RegistryLayout {
    static final String ROOT = "registry";
    static final String CLUSTER = ROOT + "/cluster";
    static final String AGENTS = ROOT + "/agents";
    static final String UNREACHABLE = ROOT + "/unreachable";
    static final String GONE = ROOT + "/gone";
    static final String RESERVATIONS = ROOT + "/reservations";
    static final String WEIGHTS = ROOT + "/weights";
    static final String QUOTAS = ROOT + "/quotas";
    /** One leaf: the operator's maintenance (schedule and DOWN machines); absent until first written. */
    static final String MAINTENANCE = ROOT + "/maintenance";

    /** Every parent, in the order they are created; nothing else may live under {@link #ROOT}. */
    static final List<String> TABLES = List.of(AGENTS, UNREACHABLE, GONE, RESERVATIONS, WEIGHTS, QUOTAS);

    /** The tables keyed by agent id, each split into shards. */
    static final Set<String> AGENT_TABLES = Set.of(AGENTS, UNREACHABLE, GONE, RESERVATIONS);

    /** How many shards an agent table has: a shard is named by two lower-case hex digits. */
    static final int SHARDS = 256;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();

    private RegistryLayout() {
    }

    static String child(String parent, String name) {
        return parent + "/" + name;
    }

    /** The parent path; "" (the group path) for {@link #ROOT}. */
    static String parentOf(String path) {
        return path.substring(0, Math.max(0, path.lastIndexOf('/')));
    }

    static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The znode of agent {@code id} in {@code table}: {@code table/<shard>/<id>}.
     *
     * @throws IllegalArgumentException if the id cannot be a znode name
     */
    static String agent(String table, String id) {
        if (id.isEmpty() || id.equals(".") || id.equals("..") || id.indexOf('/') >= 0
                || id.chars().anyMatch(RegistryLayout::forbiddenInZnodeName)) {
            throw new IllegalArgumentException("agent id '" + id + "' cannot be a znode name (empty, '.', '..', or "
                    + "contains '/' or a character ZooKeeper refuses)");
        }
        return child(child(table, shard(id)), id);
    }

    /**
     * The shard of an agent id: the low byte of the CRC-32 of its UTF-8 bytes, as two lower-case hex digits. Part of
     * the stored layout: changing it would strand every entry.
     */
    static String shard(String id) {
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        int b = (int) (crc.getValue() & 0xff);
        return new String(new char[] {LOWER_HEX[b >> 4], LOWER_HEX[b & 0xf]});
    }

    /** Whether {@code name} is a shard's name: two lower-case hex digits. */
    static boolean isShard(String name) {
        return name.length() == 2 && isLowerHex(name.charAt(0)) && isLowerHex(name.charAt(1));
    }

    private static boolean isLowerHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    /** The znode of {@code role} in {@code table}. @throws IllegalArgumentException for an empty role */
    static String role(String table, String role) {
        if (role.isEmpty()) {
            throw new IllegalArgumentException("an empty role name cannot be stored");
        }
        return child(table, encodeRole(role));
    }

    /** ZooKeeper refuses these in a path (PathUtils.validatePath). */
    private static boolean forbiddenInZnodeName(int c) {
        return c <= 0x1f || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xf8ff) || c >= 0xfff0;
    }

    /**
     * Percent-encodes the UTF-8 bytes of a role, keeping only {@code A-Z a-z 0-9 - _ ~} as they are; '.', '/' and
     * '%' are encoded too, so a name is never "." or ".." and never holds a character ZooKeeper refuses. The
     * encoding is canonical (upper-case hex, nothing encoded that need not be), so each role has exactly one name.
     */
    static String encodeRole(String role) {
        StringBuilder b = new StringBuilder(role.length() + 8);
        for (byte x : role.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (unreserved(c)) {
                b.append((char) c);
            } else {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return b.toString();
    }

    /** The role a znode name encodes, or empty when it is not a canonical {@link #encodeRole} result. */
    static Optional<String> decodeRole(String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%') {
                if (i + 2 >= name.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(name.charAt(i + 1), 16);
                int lo = Character.digit(name.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80 && unreserved(c)) {
                bytes.write(c);
            } else {
                return Optional.empty();
            }
        }
        try {
            String role = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
            // lower-case hex or an encoded unreserved character would be a second name for the same role
            return !role.isEmpty() && encodeRole(role).equals(name) ? Optional.of(role) : Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static boolean unreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '~';
    }
}
