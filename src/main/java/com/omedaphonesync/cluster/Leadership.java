package com.omedaphonesync.cluster;

import java.util.List;
import java.util.function.BooleanSupplier;

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

        @Override
        public boolean runsOnLeaderOnly(String routeId) {
            return false;
        }

        @Override
        public BooleanSupplier mandate() {
            return () -> true;
        }
    };

    /** True while the leader-only routes may run here. */
    boolean isLeader();

    /** Live instances as the cluster sees them, this one included; at least 1. */
    int members();

    /** The ids of the live instances where the backend names them (ZooKeeper), else empty. */
    default List<String> memberIds() {
        return List.of();
    }

    /** Whether the route runs on the leader only ({@code routePolicy: "#leaderOnly"}). */
    boolean runsOnLeaderOnly(String routeId);

    /**
     * The lead this instance holds now, as a check for the work it starts under it: true while it keeps this lead,
     * false from the moment it loses it and for good, even if it is elected again later (the routes are then
     * started afresh, and their new work takes a new mandate). Already false when this instance does not lead.
     */
    BooleanSupplier mandate();
}
