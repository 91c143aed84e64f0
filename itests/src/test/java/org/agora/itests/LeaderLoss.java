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
