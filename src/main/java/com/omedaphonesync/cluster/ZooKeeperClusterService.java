package com.omedaphonesync.cluster;

import java.time.Duration;

import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * Camel's cluster service SPI on a ZooKeeper ensemble, each namespace a Curator {@link
 * org.apache.curator.framework.recipes.leader.LeaderLatch} under {@code /camel/cluster/}. camel-zookeeper's own
 * service is not used: in Camel 4.18.0 a leader that loses its ZooKeeper session keeps its routes running while
 * another instance is elected (CAMEL-24457, fixed in later releases only), and the latch gives up leadership on a
 * lost or suspended connection and rejoins the election once reconnected.
 */
public final class ZooKeeperClusterService extends AbstractCamelClusterService<LatchView> {
    static final String BASE_PATH = "/camel/cluster/";
    private final String nodes;
    private final Duration sessionTimeout;
    private CuratorFramework client;

    public ZooKeeperClusterService(String nodes, Duration sessionTimeout) {
        this.nodes = nodes;
        this.sessionTimeout = sessionTimeout;
    }

    @Override
    protected LatchView createView(String namespace) {
        return new LatchView(this, client, BASE_PATH + namespace);
    }

    /** The client exists from the start on, so that views made before the context starts have it. */
    @Override
    protected void doInit() throws Exception {
        int session = Math.toIntExact(sessionTimeout.toMillis());
        client = CuratorFrameworkFactory.builder().connectString(nodes)
                .sessionTimeoutMs(session)
                // a connection that cannot be made within a third of the session is reported lost in time for
                // the leader to stop before the ensemble expires its session and elects another
                .connectionTimeoutMs(Math.max(1000, session / 3))
                .retryPolicy(new ExponentialBackoffRetry(200, 29, 5000))
                .build();
        super.doInit();
    }

    /** The ZooKeeper client, made when the service is initialised. */
    CuratorFramework client() {
        return client;
    }

    @Override
    protected void doStart() throws Exception {
        client.start();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        try {
            super.doStop();
        } finally {
            client.close();
        }
    }
}
