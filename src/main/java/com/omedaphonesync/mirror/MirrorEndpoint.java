package com.omedaphonesync.mirror;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** {@code mirror:TABLE}: a producer only; nothing is read from a mirror. */
final class MirrorEndpoint extends DefaultEndpoint {
    private final String table;

    MirrorEndpoint(String uri, MirrorComponent component, String table) {
        super(uri, component);
        this.table = table;
    }

    @Override
    public MirrorComponent getComponent() {
        return (MirrorComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new MirrorProducer(this, table);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("mirror:" + table + " is an output; it cannot be consumed from");
    }
}
