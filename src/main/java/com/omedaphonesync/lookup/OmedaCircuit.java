package com.omedaphonesync.lookup;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one resilience4j circuit breaker every Omeda call goes through, bound as {@code omedaCircuitBreaker} so that
 * the {@code circuitBreaker} step of {@code routes/enrich.yaml} shares its state across routes and threads.
 *
 * <p>It opens after {@code omeda.circuit.failure-threshold} calls in a row end in a 5xx or no answer (a count
 * window of that size, all of it failed), makes no call for {@code omeda.circuit.open-ms}, then lets exactly one
 * probe through: an answer closes it, a failure opens it again. Any other answer, 429 and 404 included, is a
 * success here. While it is open an id is not failed: the route's error handler redelivers it after
 * {@link #pollDelay()} for as long as {@link #keepWaiting} allows, and waiting is not an attempt.
 */
public final class OmedaCircuit {
    private static final Logger LOG = LoggerFactory.getLogger(OmedaCircuit.class);
    private static final long MAX_POLL_MS = 1000;

    private final CircuitBreaker breaker;
    private final int threshold;
    private final long pollMillis;
    private final AtomicLong openings = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private volatile String lastFailure = "";
    /** When it last opened from closed (Unix milliseconds), kept through its probes until it closes; 0 while closed. */
    private volatile long openSince;
    /** How long ids wait on an open circuit before they are held; zero: for as long as it takes. */
    private final Duration giveUpAfter;
    private final AtomicBoolean gaveUp = new AtomicBoolean();

    /**
     * @param threshold 0 turns the breaker off: every call goes through
     */
    public OmedaCircuit(int threshold, Duration openFor) {
        this(threshold, openFor, Duration.ZERO);
    }

    /**
     * @param giveUpAfter once the circuit has been open this long, ids no longer wait for it to close but are
     *        held ({@code batch} and {@code replay}: omeda.batch.give-up-after-ms); zero waits for ever
     */
    public OmedaCircuit(int threshold, Duration openFor, Duration giveUpAfter) {
        this.threshold = threshold;
        this.giveUpAfter = giveUpAfter;
        this.pollMillis = Math.max(1, Math.min(MAX_POLL_MS, openFor.toMillis() / 4));
        breaker = CircuitBreaker.of("omeda", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(Math.max(1, threshold))
                .minimumNumberOfCalls(Math.max(1, threshold))
                .failureRateThreshold(100)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .writableStackTraceEnabled(false)
                .build());
        breaker.getEventPublisher()
                .onError(event -> lastFailure = describe(event.getThrowable()))
                .onStateTransition(event -> transition(event.getStateTransition()));
        if (threshold <= 0) {
            breaker.transitionToDisabledState();
        }
    }

    private void transition(CircuitBreaker.StateTransition change) {
        switch (change.getToState()) {
            case OPEN -> {
                if (change.getFromState() == CircuitBreaker.State.CLOSED) {
                    openSince = System.currentTimeMillis();
                    openings.incrementAndGet();
                    LOG.warn("Omeda circuit open after {} consecutive failures (last: {}); no call for {} ms, "
                            + "then one probe. Ids wait, none is failed for it.", threshold, lastFailure,
                            breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
                } else {
                    LOG.debug("Omeda circuit probe failed ({}); open again", lastFailure);
                }
            }
            case HALF_OPEN -> probes.incrementAndGet();
            case CLOSED -> {
                openSince = 0;
                LOG.info("Omeda circuit closed: the probe was answered, calls resume");
            }
            default -> {
            }
        }
    }

    /** The failure as the log should say it: the lookup's own words, not Camel's wrappers. */
    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof LookupFailure lookup) {
                return lookup.detail();
            }
            if (cause instanceof OmedaUnreachable unreachable) {
                return unreachable.getMessage();
            }
            cause = cause.getCause();
        }
        return String.valueOf(failure.getMessage());
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * The {@code retryWhile} of a call the open circuit did not permit: keep waiting, unless the service is
     * stopping or the circuit has been open longer than the wait allowed, when the id is held at once instead of
     * waiting for a probe.
     */
    public boolean keepWaiting(Exchange exchange) {
        return exchange.getContext().getStatus().isStarted() && !waitedLongEnough();
    }

    /**
     * The step of an id that stopped waiting: the failure it ends with is the reason it is held, not the open
     * circuit (which would read as a failed lookup).
     */
    public void stopWaiting(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = exchange.getContext().getStatus().isStarted() && gaveUp.get()
                ? "held: Omeda stayed unavailable, the circuit open for more than " + giveUpAfter.toSeconds()
                        + " s (omeda.batch.give-up-after-ms)"
                : "held: shutting down";
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new CircuitWaitEnded(reason, caught));
    }

    /** Once the circuit has been open for the wait allowed, ids hold from then on instead of waiting. */
    private boolean waitedLongEnough() {
        long since = openSince;
        if (gaveUp.get()) {
            return true;
        }
        if (giveUpAfter.isZero() || since == 0 || System.currentTimeMillis() - since < giveUpAfter.toMillis()) {
            return false;
        }
        if (gaveUp.compareAndSet(false, true)) {
            LOG.warn("Omeda circuit open for more than {} s (omeda.batch.give-up-after-ms): the ids still to look "
                    + "up are held, not waited for; run the same command again once Omeda is back",
                    giveUpAfter.toSeconds());
        }
        return true;
    }

    /** How long ids wait on an open circuit; zero: for as long as it takes. */
    public Duration giveUpAfter() {
        return giveUpAfter;
    }

    /** True once ids stopped waiting for an Omeda that stayed down (batch and replay only). */
    public boolean gaveUp() {
        return gaveUp.get();
    }

    /** How long an id waits before asking the circuit again. */
    public long pollDelay() {
        return pollMillis;
    }

    public static boolean notPermitted(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CallNotPermittedException) {
                return true;
            }
        }
        return false;
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    public boolean isOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    /**
     * When the circuit opened from closed (Unix milliseconds), as long as it has not closed again since: its
     * half-open probes do not reset it. 0 while closed.
     */
    public long openSince() {
        return openSince;
    }

    /** What the last failed call said (a 5xx, no answer); empty before any. */
    public String lastFailure() {
        return lastFailure;
    }

    /** Times it opened from closed; a failed probe re-opening it is not counted again. */
    public long openings() {
        return openings.get();
    }

    /** Probes let through after a cool-down. */
    public long probes() {
        return probes.get();
    }
}
