package com.omedaphonesync.pipeline;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;

import com.omedaphonesync.lookup.LookupFailure;
import com.omedaphonesync.records.DeadLetter;
import com.omedaphonesync.records.IdRequest;
import com.omedaphonesync.records.PhoneRecords;

/**
 * Error handling, kept apart from the routes.
 *
 * <p>{@value #DEAD_LETTER_CHANNEL}, for the per-id route: an id whose lookup ended in a {@link LookupFailure}
 * becomes one dead letter on {@code direct:write-dead-letter}. Any other failure (a 403, an output or the
 * dead-letter channel itself failing) is not handled: it reaches the {@link Dispatcher}, which holds the id,
 * so nothing is swallowed.
 *
 * <p>{@value #TO_CALLER}, for the internal routes: a failure goes back to the caller unlogged, to be reported
 * once per file or message by the route that owns it.
 */
public final class ErrorHandling extends RouteConfigurationBuilder {
    public static final String DEAD_LETTER_CHANNEL = "dead-letter-channel";
    public static final String TO_CALLER = "to-caller";

    @Override
    public void configuration() {
        routeConfiguration(DEAD_LETTER_CHANNEL)
                .errorHandler(defaultErrorHandler().logExhausted(false).logStackTrace(false))
                .onException(LookupFailure.class).handled(true)
                    .process(ErrorHandling::describeDeadLetter)
                    .to(Pipeline.WRITE_DEAD_LETTER);

        routeConfiguration(TO_CALLER).errorHandler(noErrorHandler());
    }

    private static void describeDeadLetter(Exchange exchange) {
        LookupFailure failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, LookupFailure.class);
        IdRequest request = exchange.getProperty(Pipeline.REQUEST, IdRequest.class);
        exchange.getIn().setBody(new DeadLetter(request.customerId(), request.brand(), request.source(),
                failure.reason(), failure.httpStatus(), failure.errors(), failure.submissionId(), failure.attempts(),
                PhoneRecords.instant(Instant.now())));
        exchange.setProperty(Pipeline.DEAD_LETTER_REASON, failure.reason());
    }
}
