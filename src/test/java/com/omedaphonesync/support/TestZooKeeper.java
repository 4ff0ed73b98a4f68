package com.omedaphonesync.support;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/** A real ZooKeeper server in this JVM (Curator's test server), its data in a folder of the test, on a free port. */
public final class TestZooKeeper {
    private TestZooKeeper() {
    }

    /** Starts a server keeping its data in {@code dir/zookeeper}; ticks of 250 ms so that sessions expire quickly. */
    public static TestingServer start(Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("zookeeper"));
        return new TestingServer(new InstanceSpec(data.toFile(), FreePort.next(), -1, -1, true, 1, 250, 100), true);
    }
}
