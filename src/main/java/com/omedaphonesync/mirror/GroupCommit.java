package com.omedaphonesync.mirror;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;

import com.omedaphonesync.records.CustomerPhones;

/**
 * Groups the answers that arrive together into one transaction: a commit per customer would cost the database
 * more CPU than the lookups themselves at a few thousand customers a second. Each caller still learns of its own
 * answer's commit, so a write reported done is durable and a write that fails fails its own caller.
 *
 * <p>A few writer threads each take what is waiting (up to {@link #MAX_GROUP} answers) and write it while the
 * next group gathers. When a group fails for a reason other than the connection (a deadlock, a value the database
 * refuses), each of its answers is written again alone, so that one bad answer fails only its own id.
 */
final class GroupCommit {
    static final int MAX_GROUP = 256;

    private record Pending(CustomerPhones answer, CompletableFuture<Void> written) {
    }

    /** Writer threads per table: one writes while the next group gathers. */
    static final int WRITERS = 2;

    private final MirrorTable table;
    private final LinkedBlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private volatile boolean stopped;

    /** Starts {@link #WRITERS} writers on the given threads; they stop when the threads are interrupted. */
    GroupCommit(MirrorTable table, ExecutorService threads) {
        this.table = table;
        for (int i = 0; i < WRITERS; i++) {
            threads.execute(this::writeUntilStopped);
        }
    }

    /**
     * Queues the answer to be written with whatever else is waiting.
     *
     * @return completed once the answer is committed, or exceptionally with the {@link SQLException} that
     *         prevented it
     */
    CompletableFuture<Void> submit(CustomerPhones answer) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        waiting.add(new Pending(answer, written));
        if (stopped) {
            failWaiting();
        }
        return written;
    }

    /**
     * Writes the answer with whatever else is waiting, and returns once it is committed.
     *
     * @throws SQLException when it could not be written
     */
    void write(CustomerPhones answer) throws SQLException, InterruptedException {
        try {
            submit(answer).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("mirror:" + table.name() + ": write failed", e.getCause());
        }
    }

    private void writeUntilStopped() {
        try {
            while (true) {
                List<Pending> group = new ArrayList<>();
                group.add(waiting.take());
                waiting.drainTo(group, MAX_GROUP - 1);
                write(group);
            }
        } catch (InterruptedException stopping) {
            stopped = true;
            failWaiting();
        }
    }

    /** After the writers stopped (the component stops): whoever still waits gets a failure, so its id is held. */
    private void failWaiting() {
        SQLException notWritten = new SQLException("mirror:" + table.name() + ": stopped before the write");
        List<Pending> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(pending -> pending.written().completeExceptionally(notWritten));
    }

    private void write(List<Pending> group) {
        try {
            table.apply(group.stream().map(Pending::answer).toList());
            group.forEach(pending -> pending.written().complete(null));
        } catch (SQLException | RuntimeException e) {
            if (group.size() == 1 || connectionLost(e)) {
                group.forEach(pending -> pending.written().completeExceptionally(e));
            } else {
                group.forEach(pending -> write(List.of(pending)));
            }
        }
    }

    /** A failure every answer of the group would meet again: no point in trying them one by one. */
    private static boolean connectionLost(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
