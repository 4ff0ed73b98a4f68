package com.omedaphonesync.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace of {@link ZooKeeperClusterService}: a Curator leader latch. The latch loses leadership as soon as
 * the connection to ZooKeeper is suspended or lost (before the ensemble can expire the session and elect another
 * member) and rejoins the election when the client reconnects. Leadership changes reach the listeners (the
 * clustered route policy, which starts and stops routes) on a thread of their own, so that stopping a route that
 * finishes its exchange never holds up ZooKeeper's event thread.
 */
final class LatchView extends AbstractCamelClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(LatchView.class);
    private final CuratorFramework client;
    private final String path;
    private final CamelClusterMember local = new Member(null);
    private volatile LeaderLatch latch;
    private ExecutorService events;

    LatchView(ZooKeeperClusterService service, CuratorFramework client, String path) {
        super(service, path.substring(ZooKeeperClusterService.BASE_PATH.length()));
        this.client = client;
        this.path = path;
    }

    @Override
    protected void doStart() throws Exception {
        events = getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this, "omeda-leadership");
        latch = new LeaderLatch(client, path, getClusterService().getId());
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                LOG.info("Leader of {}", getNamespace());
                fireLeadershipChangedEvent(local);
            }

            @Override
            public void notLeader() {
                LOG.info("No longer leader of {}", getNamespace());
                // not getLeader(): asking ZooKeeper while the connection is down would hold up the routes' stop
                fireLeadershipChangedEvent((CamelClusterMember) null);
            }
        }, events);
        latch.start();
    }

    @Override
    protected void doStop() throws Exception {
        LeaderLatch stopping = latch;
        latch = null;
        if (stopping != null) {
            stopping.close(LeaderLatch.CloseMode.NOTIFY_LEADER);
        }
        if (events != null) {
            getCamelContext().getExecutorServiceManager().shutdownGraceful(events);
        }
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        LeaderLatch current = latch;
        if (current == null) {
            return Optional.empty();
        }
        if (current.hasLeadership()) {
            return Optional.of(local);
        }
        try {
            Participant leader = current.getLeader();
            return leader.isLeader() ? Optional.of(new Member(leader)) : Optional.empty();
        } catch (Exception e) {
            LOG.debug("No leader of {} known: {}", getNamespace(), e.toString());
            return Optional.empty();
        }
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        LeaderLatch current = latch;
        if (current == null) {
            return List.of();
        }
        try {
            Collection<Participant> participants = current.getParticipants();
            return participants.stream().<CamelClusterMember>map(Member::new).toList();
        } catch (Exception e) {
            LOG.debug("Members of {} unknown: {}", getNamespace(), e.toString());
            return List.of(local);
        }
    }

    /** This instance (no participant) or another member of the latch. */
    private final class Member implements CamelClusterMember {
        private final Participant participant;

        Member(Participant participant) {
            this.participant = participant;
        }

        @Override
        public boolean isLeader() {
            if (participant == null) {
                LeaderLatch current = latch;
                return current != null && current.hasLeadership();
            }
            return participant.isLeader();
        }

        @Override
        public boolean isLocal() {
            return participant == null || participant.getId().equals(getClusterService().getId());
        }

        @Override
        public String getId() {
            return participant == null ? getClusterService().getId() : participant.getId();
        }
    }
}
