package com.omedaphonesync.cli;

import java.net.URI;
import java.nio.file.Path;

import com.omedaphonesync.broker.EmbeddedBroker;

/**
 * An Artemis broker in a JVM of its own, for the ITs that run several service instances against one broker: the
 * product's {@link EmbeddedBroker} (a TCP acceptor, a persistent journal), run from the jar's classes plus the
 * test classes until the process is killed. Arguments: the broker URL and the data folder.
 */
public final class StandaloneBroker {
    private StandaloneBroker() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker(URI.create(args[0]), Path.of(args[1]));
        broker.start();
        System.out.println("Standalone broker ready at " + args[0]);
        Thread.currentThread().join();
    }
}
