package com.omedaphonesync.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import com.omedaphonesync.lookup.OmedaAnswers;
import com.omedaphonesync.lookup.OmedaRequests;
import com.omedaphonesync.records.CustomerPhones;
import com.omedaphonesync.records.IdRequest;
import com.omedaphonesync.records.OmedaAnswer;
import com.omedaphonesync.records.PhoneRecord;
import com.omedaphonesync.records.PhoneRecords;

/**
 * The flatten of {@code routes/enrich.yaml}: each phone the split hands out becomes one {@link PhoneRecord}
 * ({@link #phone}); as the aggregation strategy of that split it gathers them in Omeda's order, and
 * {@link #customer} makes the customer's {@link CustomerPhones}, the body every output receives.
 */
public final class Flatten implements AggregationStrategy {

    public PhoneRecord phone(Exchange exchange) {
        return PhoneRecords.record(exchange.getProperty(Pipeline.REQUEST, IdRequest.class),
                exchange.getIn().getBody(OmedaAnswer.Phone.class),
                exchange.getProperty(OmedaAnswers.SUBMISSION_ID, String.class),
                exchange.getProperty(OmedaRequests.STARTED_AT, Instant.class));
    }

    @Override
    public Exchange aggregate(Exchange gathered, Exchange next) {
        PhoneRecord record = next.getIn().getBody(PhoneRecord.class);
        if (gathered == null) {
            List<PhoneRecord> records = new ArrayList<>();
            records.add(record);
            next.getIn().setBody(records);
            return next;
        }
        @SuppressWarnings("unchecked")
        List<PhoneRecord> records = gathered.getIn().getBody(List.class);
        records.add(record);
        return gathered;
    }

    /** After the split: the records gathered, or none when {@code PhoneNumbers} was empty. */
    public void customer(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        @SuppressWarnings("unchecked")
        List<PhoneRecord> records = body instanceof List<?> gathered ? (List<PhoneRecord>) gathered : List.of();
        IdRequest request = exchange.getProperty(Pipeline.REQUEST, IdRequest.class);
        exchange.getIn().setBody(new CustomerPhones(request.brand(), request.customerId(), request.source(),
                exchange.getProperty(OmedaRequests.STARTED_AT, Instant.class), records));
        exchange.setProperty(Pipeline.RECORD_COUNT, records.size());
    }
}
