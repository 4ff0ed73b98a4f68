package com.omedaphonesync.lookup;

import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The parts of the retry policy that {@code routes/errors.yaml} cannot state in YAML. Camel's redelivery does the
 * waiting and the exponential back-off; this bean
 * <ul>
 * <li>counts attempts, the HTTP calls made for the id (a wait on the open circuit is none), in
 * {@value #ATTEMPTS};</li>
 * <li>as the error handler's {@code onExceptionOccurred}, overrides the next delay through the per-exchange
 * {@code CamelRedeliveryDelay} header: Omeda's {@code Retry-After} (capped at {@code omeda.retry.max-delay-ms}),
 * or the circuit's poll while it is open;</li>
 * <li>tells whether attempts remain ({@code retryWhile}) and whether they are all spent ({@code handled}): an id
 * whose retries were cut short by shutdown is held, not dead-lettered.</li>
 * </ul>
 */
public final class Retries implements Processor {
    /** HTTP calls made for the id so far. */
    public static final String ATTEMPTS = "omedaAttempts";

    private final int maxAttempts;
    private final Duration maxDelay;
    private final OmedaCircuit circuit;

    public Retries(int maxAttempts, Duration maxDelay, OmedaCircuit circuit) {
        this.maxAttempts = maxAttempts;
        this.maxDelay = maxDelay;
        this.circuit = circuit;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (OmedaCircuit.notPermitted(failure)) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, circuit.pollDelay());
            return;
        }
        LookupFailure answer = find(failure, LookupFailure.class);
        boolean called = answer != null && answer.httpStatus() != null
                || find(failure, OmedaUnreachable.class) != null
                || find(failure, JsonProcessingException.class) != null;
        if (called) {
            exchange.setProperty(ATTEMPTS, attempts(exchange) + 1);
        }
        RetryableFailure retryable = find(failure, RetryableFailure.class);
        if (retryable != null && retryable.retryAfter() != null) {
            Duration wait = retryable.retryAfter().compareTo(maxDelay) > 0 ? maxDelay : retryable.retryAfter();
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, wait.toMillis());
        }
    }

    /** {@code retryWhile} of retryable failures: attempts remain, and the service is not stopping. */
    public boolean remain(Exchange exchange) {
        return attempts(exchange) < maxAttempts && exchange.getContext().getStatus().isStarted();
    }

    /** {@code handled} of retryable failures: dead-lettered only once every attempt was made. */
    public boolean spent(Exchange exchange) {
        return attempts(exchange) >= maxAttempts;
    }

    public static int attempts(Exchange exchange) {
        return exchange.getProperty(ATTEMPTS, 0, Integer.class);
    }

    public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
