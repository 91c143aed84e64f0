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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agora.master.internal.registry.RegistryException.TooLarge;

/**
 * What a registry knows the registry znodes to be: which exist, at which version, and how long each parent's list of
 * names is. Filled by recovery, then kept up to date by every write as it is sent (ZooKeeper applies one session's
 * requests in order, so a write may be resolved against the ones still in flight). It turns a {@link RegistryWrite}
 * into compare-and-set operations: an entry it believes absent is created (after any parent it does not know, such as
 * a shard's first entry), one it believes present is changed or deleted at its version; if it is wrong, ZooKeeper
 * refuses the transaction. Paths are relative to the group path.
 * Not thread-safe: used by the one thread that issues writes.
 */
final class ZnodeBook {

    enum Kind { CREATE, SET, DELETE }

    /** One resolved operation; {@code version} is the expected version for SET and DELETE. */
    record ZnodeOp(Kind kind, String path, byte[] data, int version) {
    }

    private final Map<String, Integer> versions = new HashMap<>();
    private final Map<String, Long> listingBytes = new HashMap<>();

    boolean exists(String path) {
        return versions.containsKey(path);
    }

    /** The version of an entry that {@link #exists}. */
    int version(String path) {
        return versions.get(path);
    }

    /** Recovery read {@code path} at {@code version}. */
    void read(String path, int version) {
        versions.put(path, version);
    }

    /** Recovery listed {@code children} under {@code parent}. */
    void listed(String parent, List<String> children) {
        long bytes = 0;
        for (String name : children) {
            bytes += entryBytes(name);
        }
        listingBytes.put(parent, bytes);
    }

    long listingBytes(String parent) {
        return listingBytes.getOrDefault(parent, 0L);
    }

    /**
     * The operations that make {@code write} happen, given what this book knows; deleting an entry it knows to be
     * absent is no operation.
     *
     * @param base the group path, for messages
     * @throws TooLarge when a parent's list of names would grow over {@link Registry#MAX_LISTING_BYTES}
     */
    List<ZnodeOp> resolve(RegistryWrite write, String base) {
        List<ZnodeOp> ops = new ArrayList<>(write.changes().size());
        Map<String, Long> growth = new LinkedHashMap<>();
        Set<String> created = new HashSet<>();
        for (RegistryWrite.Change c : write.changes()) {
            Integer version = versions.get(c.path());
            String parent = RegistryLayout.parentOf(c.path());
            long entry = entryBytes(RegistryLayout.nameOf(c.path()));
            if (c.isDelete()) {
                if (version != null) {
                    ops.add(new ZnodeOp(Kind.DELETE, c.path(), null, version));
                    growth.merge(parent, -entry, Long::sum);
                }
            } else if (version != null) {
                ops.add(new ZnodeOp(Kind.SET, c.path(), c.data(), version));
            } else {
                createMissing(parent, ops, growth, created);
                ops.add(new ZnodeOp(Kind.CREATE, c.path(), c.data(), -1));
                growth.merge(parent, entry, Long::sum);
                created.add(c.path());
            }
        }
        growth.forEach((parent, delta) -> {
            long after = listingBytes(parent) + delta;
            if (delta > 0 && after > Registry.MAX_LISTING_BYTES) {
                throw new TooLarge(write.what() + " would make the list of names under " + base + "/" + parent
                        + " " + after + " bytes long; the registry keeps each list under " + Registry.MAX_LISTING_BYTES
                        + " bytes so that a new leader can read it (remove entries first); nothing was written");
            }
        });
        return ops;
    }

    /**
     * Creates {@code path} without data, and its missing parents first, unless it is known, created earlier in the
     * same write, or the group path (""): a shard is created with its first entry.
     */
    private void createMissing(String path, List<ZnodeOp> ops, Map<String, Long> growth, Set<String> created) {
        if (path.isEmpty() || versions.containsKey(path) || created.contains(path)) {
            return;
        }
        String parent = RegistryLayout.parentOf(path);
        createMissing(parent, ops, growth, created);
        ops.add(new ZnodeOp(Kind.CREATE, path, new byte[0], -1));
        growth.merge(parent, entryBytes(RegistryLayout.nameOf(path)), Long::sum);
        created.add(path);
    }

    /** {@code ops} from {@link #resolve} were sent (and, if they fail, this book is no longer used). */
    void applied(List<ZnodeOp> ops) {
        for (ZnodeOp op : ops) {
            String parent = RegistryLayout.parentOf(op.path());
            long entry = entryBytes(RegistryLayout.nameOf(op.path()));
            switch (op.kind()) {
                case CREATE -> {
                    versions.put(op.path(), 0);
                    listingBytes.merge(parent, entry, Long::sum);
                }
                case SET -> versions.put(op.path(), op.version() + 1);
                case DELETE -> {
                    versions.remove(op.path());
                    listingBytes.merge(parent, -entry, Long::sum);
                }
            }
        }
    }

    /** A name's share of its parent's children list in a ZooKeeper reply: a length and the UTF-8 bytes. */
    private static long entryBytes(String name) {
        return 4 + name.getBytes(StandardCharsets.UTF_8).length;
    }
}
