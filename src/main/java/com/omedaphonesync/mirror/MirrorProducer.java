package com.omedaphonesync.mirror;

import java.util.concurrent.CompletionException;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.support.DefaultAsyncProducer;

import com.omedaphonesync.records.CustomerPhones;

/**
 * Writes each exchange's {@link CustomerPhones} (one customer) into the mirror table. Asynchronous: the caller's
 * thread is free while the answer waits for its group's commit, and the exchange continues, on a thread of the
 * component's, once it is committed. A failed write fails the exchange, so its id is held like for any failing output.
 */
final class MirrorProducer extends DefaultAsyncProducer {
    private final String tableName;
    private GroupCommit table;

    MirrorProducer(MirrorEndpoint endpoint, String tableName) {
        super(endpoint);
        this.tableName = tableName;
    }

    @Override
    public MirrorEndpoint getEndpoint() {
        return (MirrorEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        table = getEndpoint().getComponent().table(tableName);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CustomerPhones answer;
        try {
            answer = exchange.getIn().getMandatoryBody(CustomerPhones.class);
        } catch (InvalidPayloadException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        table.submit(answer).whenCompleteAsync((written, failure) -> {
            if (failure != null) {
                exchange.setException(failure instanceof CompletionException ? failure.getCause() : failure);
            }
            callback.done(false);
        }, getEndpoint().getComponent().continuations());
        return false;
    }
}
