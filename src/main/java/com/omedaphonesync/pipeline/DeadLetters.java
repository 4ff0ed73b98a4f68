package com.omedaphonesync.pipeline;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;

import com.omedaphonesync.lookup.LookupFailure;
import com.omedaphonesync.lookup.OmedaRequests;
import com.omedaphonesync.lookup.OmedaUnreachable;
import com.omedaphonesync.mirror.MirrorComponent;
import com.omedaphonesync.lookup.Retries;
import com.omedaphonesync.records.DeadLetter;
import com.omedaphonesync.records.IdRequest;
import com.omedaphonesync.records.PhoneRecords;
import com.omedaphonesync.records.Reason;

/**
 * The step of the dead-letter channel in {@code routes/errors.yaml}: the failure that ended an id's lookup
 * becomes its one {@link DeadLetter} (SPEC.md section 5), the body written to {@code omeda.dead-letter.uri}.
 */
public final class DeadLetters {
    private final MirrorComponent mirror;

    /**
     * @param mirror the PostgreSQL mirror, told of every NOT_FOUND; null when there is none
     */
    public DeadLetters(MirrorComponent mirror) {
        this.mirror = mirror;
    }

    /**
     * @throws SQLException when the mirror could not forget a customer Omeda no longer knows: the id is held
     */
    public DeadLetter describe(Exchange exchange) throws SQLException, InterruptedException {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        IdRequest request = exchange.getProperty(Pipeline.REQUEST, IdRequest.class);
        int attempts = Retries.attempts(exchange);
        Reason reason;
        Integer status = null;
        List<String> errors = null;
        String submissionId = null;
        String detail;
        LookupFailure answer = Retries.find(caught, LookupFailure.class);
        if (answer != null) {
            reason = answer.reason();
            status = answer.httpStatus();
            errors = answer.errors();
            submissionId = answer.submissionId();
            detail = answer.detail();
        } else if (Retries.find(caught, JsonProcessingException.class) != null) {
            reason = Reason.BAD_RESPONSE;
            status = 200;
            errors = List.of();
            detail = "HTTP 200 with a body that is not the expected JSON";
        } else if (Retries.find(caught, OmedaUnreachable.class) != null) {
            reason = Reason.UNREACHABLE;
            detail = Retries.find(caught, OmedaUnreachable.class).getMessage();
        } else {
            throw new IllegalStateException("not a lookup failure: " + caught);
        }
        if (reason == Reason.NOT_FOUND && mirror != null) {
            mirror.notFound(request.brand(), request.customerId(),
                    exchange.getProperty(OmedaRequests.STARTED_AT, Instant.class));
        }
        DeadLetter letter = new DeadLetter(request.customerId(), request.brand(), request.source(), reason, status,
                errors, submissionId, attempts, PhoneRecords.instant(Instant.now()), detail);
        exchange.setProperty(Pipeline.DEAD_LETTER, letter);
        return letter;
    }
}
