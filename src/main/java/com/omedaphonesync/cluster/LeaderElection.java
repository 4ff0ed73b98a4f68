package com.omedaphonesync.cluster;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.Route;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.config.Settings;
import com.omedaphonesync.lookup.RateLimiter;

/**
 * Puts Camel's cluster service SPI under the routes that must run on one instance only. The drop folder and the
 * schedule (routes/sources.yaml) carry {@code routePolicy: "#leaderOnly"}: a {@link ClusteredRoutePolicy} that
 * starts them when this instance becomes the leader of {@code omeda.cluster.namespace} and stops them when it
 * stops being it. The queue source has no such policy: every instance consumes, as competing consumers. Not
 * clustered, {@code leaderOnly} is a policy that does nothing, so the same routes run alone.
 */
public final class LeaderElection {
    /** The bean the leader-only routes name. */
    public static final String POLICY = "leaderOnly";
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private LeaderElection() {
    }

    /**
     * Binds {@value #POLICY} and, when clustered, adds the cluster service to the context and makes the rate limit
     * the cluster's budget: on ZooKeeper shared among the live members, on the file lock a static share.
     *
     * @param rateLimiter the rate limit of the lookups, null for none
     * @param perSecond {@code omeda.http.rate-limit-per-second}
     */
    public static Leadership install(CamelContext context, Settings.Cluster cluster, RateLimiter rateLimiter,
            int perSecond) throws Exception {
        if (!cluster.enabled()) {
            context.getRegistry().bind(POLICY, new RoutePolicySupport() {
            });
            return Leadership.ALONE;
        }
        CamelClusterService service = switch (cluster.backend()) {
            case FILE -> fileLock(cluster);
            case ZOOKEEPER -> new ZooKeeperClusterService(cluster.zooKeeperNodes(), cluster.zooKeeperSessionTimeout());
        };
        service.setId(cluster.instanceId());
        context.addService(service);
        if (rateLimiter != null) {
            if (service instanceof ZooKeeperClusterService zooKeeper) {
                context.addService(new ClusterBudget(zooKeeper, cluster.namespace(), perSecond, rateLimiter));
            } else {
                staticShare(cluster, perSecond, rateLimiter);
            }
        }
        ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(context, cluster.namespace());
        context.getRegistry().bind(POLICY, policy);
        LOG.info("Clustered as {} in {} ({} backend): the drop folder and the schedule run on the leader only",
                cluster.instanceId(), cluster.namespace(), cluster.backend().name().toLowerCase(java.util.Locale.ROOT));
        return new Clustered(context, policy, service, cluster.namespace());
    }

    /**
     * The file-lock backend sees no other member than the leader: the budget is divided by the instances the
     * operator says there are. It is right only while that many run; fewer leave part of it unused, more exceed it.
     */
    private static void staticShare(Settings.Cluster cluster, int perSecond, RateLimiter rateLimiter) {
        int share = ClusterBudget.share(perSecond, cluster.expectedMembers());
        rateLimiter.setPerSecond(share);
        LOG.warn("Rate limit: {} lookups a second here, omeda.http.rate-limit-per-second {} divided by "
                + "omeda.cluster.expected-members {}. The file backend cannot see the other instances: with more of "
                + "them running Omeda gets more than {} a second, with fewer the cluster stays below it. Use the "
                + "zookeeper backend to share the limit among the live instances.", share, perSecond,
                cluster.expectedMembers(), perSecond);
    }

    /**
     * Camel's file-lock service: the leader holds an OS lock on a file of the folder and writes a heartbeat
     * into another every acquire interval; a follower takes over once the heartbeat is older than
     * {@code missed-heartbeats} intervals (at once after a clean stop, which clears it).
     */
    private static FileLockClusterService fileLock(Settings.Cluster cluster) {
        FileLockClusterService service = new FileLockClusterService();
        service.setRoot(cluster.fileDir().toAbsolutePath().toString());
        service.setAcquireLockInterval(cluster.fileAcquireInterval().toMillis(), TimeUnit.MILLISECONDS);
        service.setAcquireLockDelay(cluster.fileAcquireInterval().toMillis(), TimeUnit.MILLISECONDS);
        service.setHeartbeatTimeoutMultiplier(cluster.fileMissedHeartbeats());
        return service;
    }

    /**
     * The clustered view of leadership. A mandate is checked against the view's own member, which stops leading
     * the moment the backend decides (the route policy hears of it later, on a thread of its own), and against a
     * count of the view's leadership changes, so that a lead lost and taken back still ends the earlier mandate.
     */
    private static final class Clustered implements Leadership {
        private final CamelContext context;
        private final ClusteredRoutePolicy policy;
        private final CamelClusterService service;
        private final String namespace;
        private final AtomicLong changes = new AtomicLong();
        private volatile CamelClusterView view;

        Clustered(CamelContext context, ClusteredRoutePolicy policy, CamelClusterService service, String namespace) {
            this.context = context;
            this.policy = policy;
            this.service = service;
            this.namespace = namespace;
        }

        @Override
        public boolean isLeader() {
            return policy.isLeader();
        }

        /** The file-lock backend knows no other member than the leader: 1 there. */
        @Override
        public int members() {
            try {
                return Math.max(1, service.getView(namespace).getMembers().size());
            } catch (Exception e) {
                return 1;
            }
        }

        @Override
        public List<String> memberIds() {
            try {
                return service.getView(namespace).getMembers().stream().map(CamelClusterMember::getId).sorted()
                        .toList();
            } catch (Exception e) {
                return List.of();
            }
        }

        @Override
        public boolean runsOnLeaderOnly(String routeId) {
            Route route = routeId == null ? null : context.getRoute(routeId);
            return route != null && route.getRoutePolicyList().contains(policy);
        }

        @Override
        public BooleanSupplier mandate() {
            CamelClusterView current = view();
            long term = changes.get();
            if (!leads(current)) {
                return () -> false;
            }
            return () -> changes.get() == term && leads(current);
        }

        private boolean leads(CamelClusterView current) {
            return policy.isLeader() && current.getLocalMember().isLeader();
        }

        /** The view the policy runs on (made by then: the leader-only routes have started), counting its changes. */
        private CamelClusterView view() {
            CamelClusterView current = view;
            if (current != null) {
                return current;
            }
            synchronized (this) {
                if (view == null) {
                    try {
                        CamelClusterView made = service.getView(namespace);
                        made.addEventListener((CamelClusterEventListener.Leadership) (v, leader) ->
                                changes.incrementAndGet());
                        view = made;
                    } catch (Exception e) {
                        throw new IllegalStateException("no cluster view of " + namespace, e);
                    }
                }
                return view;
            }
        }
    }
}
