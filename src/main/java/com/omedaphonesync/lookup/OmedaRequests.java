package com.omedaphonesync.lookup;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

import com.omedaphonesync.records.IdRequest;

/** Prepares each attempt of the Omeda call: the step before the circuit breaker in {@code routes/enrich.yaml}. */
public final class OmedaRequests {
    /** When the attempt that got the phones started: the records' {@code retrievedAt}. */
    public static final String STARTED_AT = "omedaAttemptStartedAt";

    private final AppIdGate gate;

    public OmedaRequests(AppIdGate gate) {
        this.gate = gate;
    }

    /**
     * Sets the documented path, built only from a validated brand and id, as the one header of the request: no
     * header of a source message can reach Omeda.
     *
     * @throws LookupFailure {@code INVALID_ID} for an id or brand that cannot be looked up: no call is made
     * @throws AppIdRejectedException once Omeda rejected the app id, also for an id that was waiting to retry
     */
    public void prepare(Exchange exchange) throws LookupFailure, InvalidPayloadException {
        IdRequest request = exchange.getIn().getMandatoryBody(IdRequest.class);
        if (!request.isValid()) {
            throw LookupFailure.invalidId(request.invalidity());
        }
        gate.checkOpen();
        exchange.getIn().getHeaders().clear();
        exchange.getIn().setHeader(Exchange.HTTP_PATH, path(request));
        exchange.getIn().setHeader("Accept", "application/json");
        exchange.setProperty(STARTED_AT, Instant.now());
    }

    /** The path of the documented endpoint for a request that passed validation. */
    static String path(IdRequest request) {
        if (!request.isValid()) {
            throw new IllegalArgumentException("not a valid brand and customer id");
        }
        return "/webservices/rest/brand/" + request.brand() + "/customer/" + request.customerId() + "/phone/*";
    }
}
