package com.omedaphonesync.config;

import java.util.Locale;

/** Where the instances of a cluster agree on their leader ({@code omeda.cluster.backend}). */
public enum ClusterBackend {
    /** A lock file on a folder every instance shares (Camel's file-lock cluster service). */
    FILE,
    /** A ZooKeeper ensemble. */
    ZOOKEEPER;

    static ClusterBackend parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "file" -> FILE;
            case "zookeeper" -> ZOOKEEPER;
            default -> throw new IllegalArgumentException("must be file or zookeeper, not '" + text + "'");
        };
    }
}
