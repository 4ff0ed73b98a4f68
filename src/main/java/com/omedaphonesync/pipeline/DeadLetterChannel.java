package com.omedaphonesync.pipeline;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;

import com.omedaphonesync.lookup.LookupFailure;
import com.omedaphonesync.records.DeadLetter;
import com.omedaphonesync.records.IdRequest;
import com.omedaphonesync.records.PhoneRecords;

/**
 * Error handling of the per-id route: an id whose lookup ended in a {@link LookupFailure} becomes one dead
 * letter on {@code direct:write-dead-letter}. Any other failure (a 403, an output or the dead-letter channel
 * itself failing) is not handled here: it reaches the {@link Dispatcher}, which holds the id, so nothing is
 * swallowed.
 */
public final class DeadLetterChannel extends RouteConfigurationBuilder {
    static final String ID = "dead-letter-channel";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .errorHandler(defaultErrorHandler().logExhausted(false).logStackTrace(false))
                .onException(LookupFailure.class).handled(true)
                    .process(DeadLetterChannel::describeDeadLetter)
                    .to(Pipeline.WRITE_DEAD_LETTER);
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
