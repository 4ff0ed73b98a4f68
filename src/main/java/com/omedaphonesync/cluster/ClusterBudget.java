package com.omedaphonesync.cluster;

import java.util.concurrent.TimeUnit;

import org.apache.camel.support.service.ServiceSupport;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.lookup.RateLimiter;

/**
 * {@code omeda.http.rate-limit-per-second} as the budget of the whole cluster on the ZooKeeper backend: each live
 * member takes R / n, n being the participants of the leader latch (one ephemeral node per live instance, gone when
 * its session ends). A Curator cache of the latch's children follows them, so a member that dies leaves its share
 * to the others once ZooKeeper expires its session, and one that joins lowers theirs.
 * <p>
 * A member that joins waits {@link #JOIN_GRACE} before its first lookup: the others hear of it through their
 * cache within that time and lower their rates, and their limiters' one-second windows then hold the starts made
 * under the old share, so the newcomer's share never comes on top of theirs.
 */
final class ClusterBudget extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBudget.class);
    /** A second for the others' windows to pass under their new share, and a second for them to hear of it. */
    static final long JOIN_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ZooKeeperClusterService service;
    private final String namespace;
    private final CuratorFramework client;
    private final String latchPath;
    private final int perSecond;
    private final RateLimiter limiter;
    private final ConnectionStateListener reconnected = (client, state) -> {
        if (state == ConnectionState.RECONNECTED) {
            recount();
        }
    };
    private CuratorCache members;
    private int counted;

    ClusterBudget(ZooKeeperClusterService service, String namespace, int perSecond, RateLimiter limiter) {
        this.service = service;
        this.namespace = namespace;
        this.client = service.client();
        this.latchPath = ZooKeeperClusterService.BASE_PATH + namespace;
        this.perSecond = perSecond;
        this.limiter = limiter;
    }

    /** This member's share: the budget divided among the live members, at least one lookup a second. */
    static int share(int perSecond, int members) {
        return Math.max(1, perSecond / Math.max(1, members));
    }

    @Override
    protected void doStart() throws Exception {
        limiter.holdFor(JOIN_GRACE_NANOS);
        // this instance joins the latch, and so counts, even when it runs no leader-only route (a queue worker)
        service.getView(namespace);
        members = CuratorCache.build(client, latchPath);
        members.listenable().addListener(CuratorCacheListener.builder()
                .forAll((type, before, after) -> recount())
                .forInitialized(this::recount)
                .build());
        client.getConnectionStateListenable().addListener(reconnected);
        members.start();
    }

    @Override
    protected void doStop() {
        client.getConnectionStateListenable().removeListener(reconnected);
        if (members != null) {
            members.close();
        }
    }

    private synchronized void recount() {
        int live;
        try {
            live = client.getChildren().forPath(latchPath).size();
        } catch (Exception e) {
            // not known now (the connection is down): the share stays as it was until the next change
            LOG.debug("Members of {} unknown: {}", latchPath, e.toString());
            return;
        }
        if (live == 0 || live == counted) {
            return;
        }
        counted = live;
        int share = share(perSecond, live);
        limiter.setPerSecond(share);
        if (perSecond / live < 1) {
            LOG.warn("omeda.http.rate-limit-per-second {} is less than one lookup a second for each of {} instances:"
                    + " each takes 1, the cluster up to {}", perSecond, live, live);
        } else {
            LOG.info("Rate limit: {} lookups a second here, the cluster's {} shared by {} live instances", share,
                    perSecond, live);
        }
    }
}
