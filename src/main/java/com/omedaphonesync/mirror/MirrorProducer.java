package com.omedaphonesync.mirror;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import com.omedaphonesync.records.CustomerPhones;

/**
 * Writes each exchange's {@link CustomerPhones} (one customer) into the mirror table, on the caller's thread. A
 * failed write throws, so the exchange fails and its id is held like for any failing output.
 */
final class MirrorProducer extends DefaultProducer {
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
    public void process(Exchange exchange) throws Exception {
        table.write(exchange.getIn().getMandatoryBody(CustomerPhones.class));
    }
}
