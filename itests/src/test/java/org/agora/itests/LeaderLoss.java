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
package org.agora.itests;

import org.agora.master.internal.MasterComponent;

/** How the leading master of a {@link ZooKeeperCluster} goes away in a failover test. */
enum LeaderLoss {
    /** {@link MasterComponent#stop()}: it leaves the group, closes its streams and stops serving. */
    STOPPED,
    /** Its znode is deleted, as when ZooKeeper expires its session: it is defeated and stays up as a follower. */
    ZNODE_LOST;

    void apply(MasterComponent leader, ZooKeeperCluster cluster) throws Exception {
        if (this == STOPPED) {
            leader.stop();
        } else {
            cluster.dropLeaderZnode();
        }
    }
}
