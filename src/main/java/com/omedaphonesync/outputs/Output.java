package com.omedaphonesync.outputs;

import java.util.List;

/** One configured destination of records or dead letters. */
interface Output extends AutoCloseable {

    /**
     * Writes the lines of one customer, in order; done when this returns.
     *
     * @throws Exception when the destination cannot take them: the id is then held, not lost
     */
    void write(List<String> lines) throws Exception;

    /** Releases what the output keeps open between writes; it may write again afterwards. */
    @Override
    default void close() {
    }
}
