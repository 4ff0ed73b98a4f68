package com.omedaphonesync.lookup;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.config.Settings;
import com.omedaphonesync.records.IdRequest;

/**
 * Looks one id up, attempt after attempt: each attempt waits for the {@link CircuitBreaker} to let a call
 * through, calls Omeda (within the shared rate limit, see {@link OmedaHttp}) and reads the {@link Verdict}.
 * Retryable failures wait for {@code Retry-After} or the back-off and try again until the attempts are spent.
 * The body goes in as an {@link IdRequest} and comes out as {@link PhonesFound}; any other ending is thrown:
 * {@link LookupFailure} for a dead letter, {@link AppIdRejectedException} for a 403, {@link InterruptedException}
 * when shutdown cuts a call or a wait short (the id is then held, not dead-lettered).
 */
public final class OmedaLookup implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(OmedaLookup.class);

    private final OmedaHttp http;
    private final AppIdGate gate;
    private final CircuitBreaker circuit;
    private final Backoff backoff;
    private final int maxAttempts;

    public OmedaLookup(OmedaHttp http, AppIdGate gate, CircuitBreaker circuit, Settings.Retry retry) {
        this.http = http;
        this.gate = gate;
        this.circuit = circuit;
        this.backoff = new Backoff(retry);
        this.maxAttempts = retry.maxAttempts();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        IdRequest request = exchange.getIn().getMandatoryBody(IdRequest.class);
        exchange.getIn().setBody(lookup(request));
    }

    /**
     * One attempt, once the circuit lets it through; waiting for the circuit is not an attempt. Shutdown
     * interrupting the wait or the call holds the id rather than failing it.
     */
    private Verdict attempt(IdRequest request) throws InterruptedException {
        CircuitBreaker.Permit permit = circuit.acquire();
        Verdict verdict = null;
        try {
            // the gate may have closed on a 403 while this lookup waited
            gate.checkOpen();
            verdict = call(request);
        } finally {
            if (verdict == null) {
                circuit.abandon(permit);
            }
        }
        circuit.record(permit, verdict.omedaUnwell(),
                verdict instanceof Verdict.Retryable retry ? retry.detail() : null);
        return verdict;
    }

    private Verdict call(IdRequest request) throws InterruptedException {
        OmedaHttp.Answer answer;
        try {
            answer = http.get(request);
        } catch (Exception noAnswer) {
            if (Thread.currentThread().isInterrupted() || noAnswer instanceof InterruptedIOException
                    && !(noAnswer instanceof SocketTimeoutException)) {
                throw new InterruptedException("shutdown interrupted the lookup of " + request.customerId());
            }
            return Verdict.of(noAnswer);
        }
        return Verdict.of(answer);
    }

    PhonesFound lookup(IdRequest request) throws LookupFailure, InterruptedException {
        if (!request.isValid()) {
            throw LookupFailure.invalidId("not a valid customer id and brand");
        }
        for (int attempt = 1;; attempt++) {
            Instant startedAt = Instant.now();
            Verdict verdict = attempt(request);
            if (verdict instanceof Verdict.Phones phones) {
                return new PhonesFound(request, phones.answer(), startedAt, attempt);
            }
            if (verdict instanceof Verdict.AppIdRejected rejected) {
                gate.reject(rejected.detail());
                throw new AppIdRejectedException("held: Omeda rejected the app id (" + rejected.detail() + ")");
            }
            if (verdict instanceof Verdict.Final end) {
                throw new LookupFailure(end.reason(), end.status(), end.errors(), end.submissionId(), attempt,
                        end.detail());
            }
            Verdict.Retryable retry = (Verdict.Retryable) verdict;
            if (attempt >= maxAttempts) {
                throw new LookupFailure(retry.reason(), retry.status(), retry.errors(), retry.submissionId(),
                        attempt, retry.detail() + " after " + attempt + " attempts");
            }
            Duration wait = backoff.delay(attempt, retry.retryAfter());
            LOG.debug("Customer {} of brand {}: attempt {} {}; retrying in {} ms", request.customerId(),
                    request.brand(), attempt, retry.detail(), wait.toMillis());
            Thread.sleep(wait.toMillis());
        }
    }
}
