package com.omedaphonesync.outputs;

import java.util.List;

/** One configured destination of records or dead letters. */
interface Output {

    /**
     * Writes the lines of one customer, in order; done when this returns.
     *
     * @throws Exception when the destination cannot take them: the id is then held, not lost
     */
    void write(List<String> lines) throws Exception;
}
