package com.omedaphonesync.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.omedaphonesync.lookup.CircuitBreaker.Permit;
import com.omedaphonesync.lookup.CircuitBreaker.State;

/** The circuit breaker's states against a clock the test moves by hand: no sleeping, no wall clock. */
class CircuitBreakerTest {
    private static final int THRESHOLD = 3;
    private static final long OPEN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private long now = 1_000_000;
    private final CircuitBreaker circuit = new CircuitBreaker(THRESHOLD, Duration.ofNanos(OPEN_NANOS), () -> now);

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            circuit.record(circuit.tryAcquire(), true, "HTTP 503");
        }
    }

    private void succeed() {
        circuit.record(circuit.tryAcquire(), false, null);
    }

    private Permit probeAfterCoolDown() {
        now += OPEN_NANOS;
        Permit probe = circuit.tryAcquire();
        assertThat(probe).as("a probe once the cool-down has passed").isNotNull();
        assertThat(probe.isProbe()).isTrue();
        return probe;
    }

    @Test
    void opensAfterThresholdConsecutiveFailuresAndThenLetsNoCallThrough() {
        fail(THRESHOLD - 1);
        assertThat(circuit.state()).isEqualTo(State.CLOSED);
        assertThat(circuit.tryAcquire()).isNotNull();

        fail(1);

        assertThat(circuit.state()).isEqualTo(State.OPEN);
        assertThat(circuit.isOpen()).isTrue();
        assertThat(circuit.openings()).isEqualTo(1);
        assertThat(circuit.tryAcquire()).isNull();
    }

    @Test
    void aGoodAnswerResetsTheCount() {
        fail(THRESHOLD - 1);
        succeed();
        fail(THRESHOLD - 1);

        assertThat(circuit.state()).isEqualTo(State.CLOSED);
        fail(1);
        assertThat(circuit.state()).isEqualTo(State.OPEN);
    }

    @Test
    void exactlyOneProbeGoesThroughOnceTheCoolDownHasPassed() {
        fail(THRESHOLD);
        now += OPEN_NANOS - 1;
        assertThat(circuit.tryAcquire()).as("still cooling down").isNull();

        now += 1;
        Permit probe = circuit.tryAcquire();

        assertThat(probe).isNotNull();
        assertThat(probe.isProbe()).isTrue();
        assertThat(circuit.state()).isEqualTo(State.HALF_OPEN);
        now += 10 * OPEN_NANOS;
        assertThat(circuit.tryAcquire()).as("no second call while the probe is out").isNull();
    }

    @Test
    void aFailedProbeOpensTheCircuitForAnotherCoolDown() {
        fail(THRESHOLD);
        Permit probe = probeAfterCoolDown();

        circuit.record(probe, true, "timed out");

        assertThat(circuit.state()).isEqualTo(State.OPEN);
        now += OPEN_NANOS - 1;
        assertThat(circuit.tryAcquire()).isNull();
        assertThat(probeAfterCoolDown()).isNotNull();
        assertThat(circuit.openings()).as("a re-opening is not a new opening").isEqualTo(1);
        assertThat(circuit.probes()).isEqualTo(2);
    }

    @Test
    void anAnsweredProbeClosesTheCircuitWithTheCountStartingAfresh() {
        fail(THRESHOLD);
        Permit probe = probeAfterCoolDown();

        circuit.record(probe, false, null);

        assertThat(circuit.state()).isEqualTo(State.CLOSED);
        assertThat(circuit.isOpen()).isFalse();
        assertThat(circuit.tryAcquire()).isNotNull();
        assertThat(circuit.tryAcquire()).isNotNull();
        fail(THRESHOLD - 1);
        assertThat(circuit.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void answersToCallsStartedBeforeTheCircuitOpenedAreIgnored() {
        List<Permit> inFlight = new ArrayList<>();
        for (int i = 0; i < THRESHOLD + 2; i++) {
            inFlight.add(circuit.tryAcquire());
        }
        for (int i = 0; i < THRESHOLD; i++) {
            circuit.record(inFlight.get(i), true, "HTTP 500");
        }
        assertThat(circuit.state()).isEqualTo(State.OPEN);

        circuit.record(inFlight.get(THRESHOLD), false, null);
        assertThat(circuit.state()).as("a late answer does not close it; only the probe does")
                .isEqualTo(State.OPEN);

        circuit.record(probeAfterCoolDown(), false, null);
        fail(THRESHOLD - 1);
        circuit.record(inFlight.get(THRESHOLD + 1), true, "HTTP 500");
        assertThat(circuit.state()).as("a late failure does not count towards the next opening")
                .isEqualTo(State.CLOSED);
    }

    @Test
    void anAbandonedProbeLetsTheNextCallerProbeAtOnce() {
        fail(THRESHOLD);
        Permit probe = probeAfterCoolDown();

        circuit.abandon(probe);

        Permit next = circuit.tryAcquire();
        assertThat(next).isNotNull();
        assertThat(next.isProbe()).isTrue();
    }

    @Test
    void anAbandonedCallChangesNothing() {
        fail(THRESHOLD - 1);
        circuit.abandon(circuit.tryAcquire());
        fail(1);

        assertThat(circuit.state()).isEqualTo(State.OPEN);
    }

    @Test
    void aThresholdOfZeroNeverOpens() {
        CircuitBreaker off = new CircuitBreaker(0, Duration.ofSeconds(10), () -> now);
        for (int i = 0; i < 1_000; i++) {
            off.record(off.tryAcquire(), true, "HTTP 500");
        }

        assertThat(off.state()).isEqualTo(State.CLOSED);
        assertThat(off.tryAcquire()).isNotNull();
        assertThat(off.openings()).isZero();
    }

    @Test
    void withoutACoolDownFailingCallsGoOneAtATime() {
        CircuitBreaker noCoolDown = new CircuitBreaker(THRESHOLD, Duration.ZERO, () -> now);
        for (int i = 0; i < THRESHOLD; i++) {
            noCoolDown.record(noCoolDown.tryAcquire(), true, "HTTP 500");
        }

        Permit probe = noCoolDown.tryAcquire();
        assertThat(probe.isProbe()).isTrue();
        assertThat(noCoolDown.tryAcquire()).isNull();
        noCoolDown.record(probe, false, null);
        assertThat(noCoolDown.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void aCallerWaitingOnTheProbeGoesOnOnceItIsAnswered() throws Exception {
        fail(THRESHOLD);
        Permit probe = probeAfterCoolDown();
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Permit> waiting = CompletableFuture.supplyAsync(() -> {
            waiter.set(Thread.currentThread());
            try {
                return circuit.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.WAITING);
        assertThat(waiting).isNotDone();

        circuit.record(probe, false, null);

        Permit permit = waiting.get(30, TimeUnit.SECONDS);
        assertThat(permit.isProbe()).isFalse();
    }

    @Test
    void aCallerWaitingOnAnOpenCircuitWakesOnInterrupt() throws Exception {
        fail(THRESHOLD);
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread waiter = waitingCaller(ended);

        waiter.interrupt();

        assertThat(ended.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(circuit.state()).isEqualTo(State.OPEN);
    }

    @Test
    void onceShutdownBeginsWaitingCallersGiveUpAndAClosedCircuitStillLetsCallsThrough() throws Exception {
        CircuitBreaker closed = new CircuitBreaker(THRESHOLD, Duration.ofNanos(OPEN_NANOS), () -> now);
        closed.stopWaiting();
        assertThat(closed.acquire()).isNotNull();

        fail(THRESHOLD);
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        waitingCaller(ended);

        circuit.stopWaiting();

        assertThat(ended.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }

    /** A caller blocked on the open circuit; {@code ended} gets what ended its wait (null for a permit). */
    private Thread waitingCaller(CompletableFuture<Throwable> ended) {
        Thread waiter = new Thread(() -> {
            try {
                circuit.acquire();
                ended.complete(null);
            } catch (Throwable e) {
                ended.complete(e);
            }
        });
        waiter.start();
        await().until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        return waiter;
    }
}
