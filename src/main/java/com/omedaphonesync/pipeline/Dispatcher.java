package com.omedaphonesync.pipeline;

import java.io.File;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.cluster.Leadership;
import com.omedaphonesync.lookup.AppIdGate;
import com.omedaphonesync.lookup.AppIdRejectedException;
import com.omedaphonesync.records.DeadLetter;
import com.omedaphonesync.lookup.CircuitWaitEnded;
import com.omedaphonesync.records.IdRequest;
import com.omedaphonesync.sources.Checkpoint;
import com.omedaphonesync.sources.DeadLetterIds;
import com.omedaphonesync.sources.IdReader;
import com.omedaphonesync.sources.UnreadableInputException;

/**
 * Hands the ids of every source to one pool of {@code omeda.http.concurrency} lookup threads, so at most that
 * many ids are in flight across all sources. As many more wait, already read, for a thread: a thread that
 * finishes an id takes the next at once instead of waiting for a source to wake and hand it one, which on a
 * busy machine costs each lookup a scheduling delay. A source that finds every slot taken waits
 * (back-pressure), so a file of a million ids is read only as fast as it is looked up and never queues up in
 * memory. Each id runs through {@code direct:enrich-id} on a lookup thread; its outcome is counted in the
 * {@link Tally} of its unit.
 */
public final class Dispatcher extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** How long lookups still running after the routes stopped may take before they are interrupted. */
    private static final Duration STRAGGLERS = Duration.ofSeconds(5);
    /** The thread pool profile of the lookup threads, sized by omeda.http.concurrency unless one is configured. */
    static final String LOOKUP_THREADS = "omedaLookups";

    private final CamelContext context;
    private final int concurrency;
    private final String defaultBrand;
    private final AppIdGate gate;
    private final Totals totals;
    private final Reports reports;
    private final Leadership leadership;
    /** Ids handed to the lookup threads and not finished: those in flight, and those read ahead. */
    private final Semaphore slots;
    private volatile boolean accepting = true;
    private ExecutorService threads;
    private ProducerTemplate template;
    private Endpoint enrichId;

    public Dispatcher(CamelContext context, int concurrency, String defaultBrand, AppIdGate gate, Totals totals,
            Reports reports, Leadership leadership) {
        this.context = context;
        this.concurrency = concurrency;
        this.defaultBrand = defaultBrand;
        this.gate = gate;
        this.totals = totals;
        this.reports = reports;
        this.leadership = leadership;
        this.slots = new Semaphore(2 * concurrency);
    }

    /**
     * Starts the unit of work of the exchange: a file, a message, a timer firing. A file with a checkpoint
     * resumes after the ids it records as done, and from now on the checkpoint records this run's progress.
     * A unit of a leader-only source (the drop folder, the schedule) holds the lead's mandate: the moment this
     * instance stops leading, the unit takes no more ids, its ids in flight are held before anything of theirs is
     * written, and neither its checkpoint nor its file moves again here.
     */
    public void openTally(Exchange exchange) {
        String source = exchange.getProperty(Pipeline.SOURCE, String.class);
        Object body;
        try {
            body = exchange.getIn().getBody();
        } catch (RuntimeException e) {
            // e.g. a JMS ObjectMessage of a class that may not be deserialised
            throw unopenable(source, e);
        }
        Checkpoint checkpoint = exchange.getProperty(Pipeline.CHECKPOINT, Checkpoint.class);
        BooleanSupplier mandate = leadership.runsOnLeaderOnly(exchange.getFromRouteId()) ? leadership.mandate()
                : () -> true;
        Tally tally = new Tally(source, inputs(body), expectedIds(body), totals,
                checkpoint == null ? 0 : checkpoint.resumeAfter(), mandate);
        if (checkpoint != null) {
            checkpoint.follow(tally::idsDone, mandate);
        }
        exchange.setProperty(Pipeline.TALLY, tally);
    }

    /** The ids in the body, read lazily; the split over them ends early once the unit has failed. */
    public Iterator<IdRequest> ids(Exchange exchange) {
        Tally tally = exchange.getProperty(Pipeline.TALLY, Tally.class);
        Object body = exchange.getIn().getBody();
        if (body instanceof DeadLetterIds replayed) {
            // replay: ids already read, each with its own brand and source
            return tally.track(replayed);
        }
        if (body instanceof String text) {
            return tally.track(IdReader.of(new StringReader(text), tally.source(), defaultBrand));
        }
        InputStream bytes;
        try {
            bytes = exchange.getIn().getMandatoryBody(InputStream.class);
        } catch (Exception e) {
            throw unopenable(tally.source(), e);
        }
        return tally.track(IdReader.of(bytes, tally.source(), defaultBrand));
    }

    /** An input that cannot be opened (a missing refresh file, an undeserialisable message): its source failed. */
    private UnreadableInputException unopenable(String source, Exception cause) {
        UnreadableInputException unreadable = new UnreadableInputException("cannot open the ids of " + source + ": "
                + cause.getMessage(), cause);
        totals.unitFailed(source, unreadable.getMessage());
        return unreadable;
    }

    /** Hands one id to a lookup thread, waiting while all are busy; repeats are only counted. */
    public void dispatch(Exchange exchange) {
        Tally tally = exchange.getProperty(Pipeline.TALLY, Tally.class);
        IdRequest request = exchange.getIn().getBody(IdRequest.class);
        int index = exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class);
        if (!tally.firstSighting(request, index)) {
            return;
        }
        tally.started();
        if (gate.isRejected()) {
            tally.held(new AppIdRejectedException("held: Omeda rejected the app id (" + gate.rejection() + ")"));
            return;
        }
        // a message is small, and rolled back it would repeat every id it already finished: it is finished;
        // a file resumes after its checkpoint, a timer firing waits for the next one
        if (!accepting && !Pipeline.QUEUE.equals(tally.source())) {
            tally.held(new HeldException("held: shutting down", null));
            return;
        }
        HeldException lost = tally.withoutMandate();
        if (lost != null) {
            tally.held(lost);
            return;
        }
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tally.held(new HeldException("held: interrupted while waiting for a lookup thread", e));
            return;
        }
        // the wait for a thread may have outlasted the lead
        lost = tally.withoutMandate();
        if (lost != null) {
            slots.release();
            tally.held(lost);
            return;
        }
        try {
            threads.execute(new Lookup(tally, request, index));
        } catch (RejectedExecutionException e) {
            slots.release();
            tally.held(new HeldException("held: lookup threads are stopping", e));
        }
    }

    /**
     * A step of {@code enrich-id} before each attempt at Omeda and before any record or dead letter is written:
     * an id whose unit lost its mandate (this instance no longer leads) is held there, with nothing written.
     */
    public void requireMandate(Exchange exchange) {
        Tally tally = exchange.getProperty(Pipeline.TALLY, Tally.class);
        HeldException lost = tally == null ? null : tally.withoutMandate();
        if (lost != null) {
            throw lost;
        }
    }

    /** Waits for every id of the unit, logs and files its summary; fails the exchange when an id was held. */
    public void awaitOutcomes(Exchange exchange) {
        Tally tally = exchange.getProperty(Pipeline.TALLY, Tally.class);
        try {
            Summary summary = tally.awaitOutcomes();
            exchange.setProperty(Pipeline.SUMMARY, summary);
            if (Pipeline.QUEUE.equals(summary.source())) {
                LOG.debug("{}", summary.describe());
                totals.history().ended(summary, null, null);
            } else {
                LOG.info("{}", summary.describe());
                Path report = reports.write(summary);
                totals.history().ended(summary, report == null ? null : report.toString(), null);
            }
        } catch (RuntimeException failed) {
            Summary partial = tally.summary();
            exchange.setProperty(Pipeline.SUMMARY, partial);
            totals.history().ended(partial, null, failed instanceof AppIdRejectedException
                    ? "held: Omeda rejected the app id" : failed.getMessage());
            // the 403 itself was logged once, with Omeda's answer, when the app id was rejected
            LOG.warn("{} (not finished: {})", partial.describe(), failed instanceof AppIdRejectedException
                    ? "held: Omeda rejected the app id" : failed.getMessage());
            throw failed;
        }
    }

    /** One id on a lookup thread: {@code direct:enrich-id}, then its outcome counted in its unit. */
    private final class Lookup implements Runnable {
        private final Tally tally;
        private final IdRequest request;
        private final int index;

        Lookup(Tally tally, IdRequest request, int index) {
            this.tally = tally;
            this.request = request;
            this.index = index;
        }

        @Override
        public void run() {
            Exchange done;
            try {
                done = template.send(enrichId, exchange -> {
                    exchange.getIn().setBody(request);
                    exchange.setProperty(Pipeline.REQUEST, request);
                    exchange.setProperty(Pipeline.TALLY, tally);
                });
            } catch (RuntimeException unexpected) {
                slots.release();
                tally.held(asHeld(unexpected));
                return;
            }
            slots.release();
            Exception failure = done.getException();
            DeadLetter letter = done.getProperty(Pipeline.DEAD_LETTER, DeadLetter.class);
            if (failure instanceof AppIdRejectedException || failure instanceof CircuitWaitEnded
                    || (failure != null && !accepting)
                    || ObjectHelper.getException(HeldException.class, failure) != null) {
                tally.held(asHeld(failure));
            } else if (failure != null) {
                // letter set: the dead letter was described, its write failed; else the records' write failed
                tally.writeFailed(asHeld(failure), letter != null);
            } else if (letter != null) {
                totals.history().deadLettered(letter);
                tally.deadLettered(index, letter.reason());
            } else {
                tally.enriched(index, done.getProperty(Pipeline.RECORD_COUNT, 0, Integer.class));
            }
        }

        /** Never run: shutdown came first. */
        void abandon() {
            slots.release();
            tally.held(new HeldException("held: shutting down", null));
        }
    }

    /**
     * An id without outcome is always a {@link HeldException} (or the 403 that held it), whatever failed (an
     * output down, the dead-letter channel): the queue source tells such passing trouble from a message that
     * can never be processed by it.
     */
    private static RuntimeException asHeld(Exception failure) {
        if (failure instanceof HeldException || failure instanceof AppIdRejectedException) {
            return (RuntimeException) failure;
        }
        if (failure instanceof CircuitWaitEnded ended) {
            return new HeldException(ended.getMessage(), ended);
        }
        // the innermost cause says what is down ("Connection refused"); Camel's wrappers only name the exchange
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return new HeldException("held: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), failure);
    }

    /** The file a unit reads, for its report; none for a message or a timer firing's text. */
    private static List<String> inputs(Object body) {
        if (body instanceof GenericFile<?> file) {
            return List.of(file.getAbsoluteFilePath());
        }
        if (body instanceof File file) {
            return List.of(file.getAbsolutePath());
        }
        return List.of();
    }

    /** Sizes a unit's set of seen ids from its input: a big file need not regrow it, a message stays small. */
    private static int expectedIds(Object body) {
        long bytes = 0;
        if (body instanceof GenericFile<?> file) {
            bytes = file.getFileLength();
        } else if (body instanceof File file) {
            bytes = file.length();
        } else if (body instanceof String text) {
            bytes = text.length();
        }
        // an id and its line break take at least a few bytes
        return (int) Math.min(Integer.MAX_VALUE, Math.max(16, bytes / 8));
    }

    @Override
    protected void doStart() throws Exception {
        // Camel's pool, from a thread pool profile: named, visible in JMX, shut down with the context
        ExecutorServiceManager pools = context.getExecutorServiceManager();
        if (pools.getThreadPoolProfile(LOOKUP_THREADS) == null) {
            // The queue holds the ids read ahead: the slots admit 2 × C ids, and a lookup frees its slot just
            // before its thread is free, so up to 2 × C may wait. A profile without a queue (maxQueueSize <= 0)
            // gets a SynchronousQueue and Camel's default CallerRuns policy: the source's thread then ran a
            // lookup itself whenever all C threads were busy, reading no ids meanwhile while threads that came
            // free found no work, which cost a third of the latency-bound throughput. Abort: a rejected id is
            // held, never run on the source's thread.
            pools.registerThreadPoolProfile(new ThreadPoolProfileBuilder(LOOKUP_THREADS).poolSize(concurrency)
                    .maxPoolSize(concurrency).maxQueueSize(2 * concurrency)
                    .rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build());
        }
        threads = pools.newThreadPool(this, "omeda-lookup", LOOKUP_THREADS);
        template = context.createProducerTemplate();
        enrichId = context.getEndpoint(Pipeline.ENRICH_ID);
        // files and timer firings stop taking new ids as soon as shutdown begins; ids already in flight finish
        SimpleEventNotifierSupport onStopping = new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    accepting = false;
                }
            }
        };
        context.getManagementStrategy().addEventNotifier(onStopping);
        ServiceHelper.startService(onStopping);
    }

    /** Runs after the routes have stopped (gracefully, within camel.main.shutdown-timeout). */
    @Override
    protected void doStop() throws Exception {
        accepting = false;
        threads.shutdown();
        if (!threads.awaitTermination(STRAGGLERS.toMillis(), TimeUnit.MILLISECONDS)) {
            for (Runnable neverRun : threads.shutdownNow()) {
                ((Lookup) neverRun).abandon();
            }
        }
        ServiceHelper.stopService(template);
    }
}
