package com.omedaphonesync.cluster;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.config.Settings;

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

    /** Binds {@value #POLICY} and, when clustered, adds the cluster service to the context. */
    public static Leadership install(CamelContext context, Settings.Cluster cluster) throws Exception {
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
        ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(context, cluster.namespace());
        context.getRegistry().bind(POLICY, policy);
        LOG.info("Clustered as {} in {} ({} backend): the drop folder and the schedule run on the leader only",
                cluster.instanceId(), cluster.namespace(), cluster.backend().name().toLowerCase(java.util.Locale.ROOT));
        return new Clustered(policy, service, cluster.namespace());
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

    private record Clustered(ClusteredRoutePolicy policy, CamelClusterService service, String namespace)
            implements Leadership {
        @Override
        public boolean isLeader() {
            return policy.isLeader();
        }

        /** The file-lock backend knows no other member than the leader: 1 there. */
        @Override
        public int members() {
            try {
                CamelClusterView view = service.getView(namespace);
                return Math.max(1, view.getMembers().size());
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
    }
}
