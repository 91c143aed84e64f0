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

/**
 * The registry could not be read or written; the message names the znode (or the call) and the reason. The subtypes
 * are the failures a caller handles differently; a plain {@code RegistryException} is anything else (ZooKeeper
 * unreachable, a write whose outcome is unknown).
 */
public sealed class RegistryException extends RuntimeException
        permits RegistryException.Fenced, RegistryException.TooLarge, RegistryException.Corrupt,
        RegistryException.ClusterMismatch {
    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * This registry may no longer write: its leadership term is over (the leader's member znode is gone, so its
     * session ended or it was deposed), another writer changed a znode it believed it knew, or an earlier write of
     * this registry failed so it no longer knows what ZooKeeper holds. The write was not applied (a transaction is
     * all or nothing; where the connection was lost mid-write the message says the outcome is unknown). Every later
     * write of the same registry fails the same way: the master must step down, and a new term recovers.
     */
    public static final class Fenced extends RegistryException {
        private static final long serialVersionUID = 1L;

        public Fenced(String message) {
            super(message);
        }
    }

    /**
     * A write over {@link Registry#MAX_ENTRIES_PER_WRITE}, {@link Registry#MAX_WRITE_BYTES} or
     * {@link Registry#MAX_LISTING_BYTES}: refused before anything was sent, so nothing changed and the registry
     * stays usable. The message gives the figure and the limit.
     */
    public static final class TooLarge extends RegistryException {
        private static final long serialVersionUID = 1L;

        public TooLarge(String message) {
            super(message);
        }
    }

    /** Recovery found an entry it cannot read; the message names the znode and what is wrong with it. */
    public static final class Corrupt extends RegistryException {
        private static final long serialVersionUID = 1L;
        private final String znode;

        public Corrupt(String znode, String problem) {
            super("registry entry " + znode + " " + problem + "; the registry is not recovered (fix or remove the "
                    + "znode, or point the master at another path)");
            this.znode = znode;
        }

        /** The znode that could not be read. */
        public String znode() {
            return znode;
        }
    }

    /** The registry belongs to a cluster of another name than the one this master is configured for. */
    public static final class ClusterMismatch extends RegistryException {
        private static final long serialVersionUID = 1L;

        public ClusterMismatch(String znode, String registryCluster, String configured) {
            super("registry " + znode + " belongs to cluster '" + registryCluster + "' but this master is configured "
                    + "for cluster '" + configured + "'; it will not lead this registry");
        }
    }
}
