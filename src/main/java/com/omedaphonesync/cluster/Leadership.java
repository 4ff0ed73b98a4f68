package com.omedaphonesync.cluster;

import java.util.List;

/**
 * Whether this instance is the one that runs the leader-only sources (the drop folder and the schedule), and how
 * many instances are alive. A lone instance, not clustered, is its own leader.
 */
public interface Leadership {
    Leadership ALONE = new Leadership() {
        @Override
        public boolean isLeader() {
            return true;
        }

        @Override
        public int members() {
            return 1;
        }
    };

    /** True while the leader-only routes may run here; anything only the leader may write checks it first. */
    boolean isLeader();

    /** Live instances as the cluster sees them, this one included; at least 1. */
    int members();

    /** The ids of the live instances where the backend names them (ZooKeeper), else empty. */
    default List<String> memberIds() {
        return List.of();
    }
}
