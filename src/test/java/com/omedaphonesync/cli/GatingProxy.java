package com.omedaphonesync.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Sits between the product and the simulator and freezes the run at a point the test chooses: it passes
 * requests on until it has seen at least {@code fileRequests} lookups of ids starting with {@code F} and
 * {@code queueRequests} of ids starting with {@code Q}, then holds every later request until {@link #open()}.
 * So "the file and the queue partly done" is a state the test makes happen, not a moment it hopes to catch on
 * a busy machine.
 */
final class GatingProxy implements AutoCloseable {
    private final String target;
    private final int fileRequests;
    private final int queueRequests;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "gating-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger files = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean closed;
    private final CountDownLatch opened = new CountDownLatch(1);

    GatingProxy(String target, int fileRequests, int queueRequests) throws IOException {
        this.target = target;
        this.fileRequests = fileRequests;
        this.queueRequests = queueRequests;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Whether the gate has shut: from then on no lookup gets an answer until it opens. */
    boolean isClosed() {
        return closed;
    }

    /** Lets every held request through, and every later one. */
    void open() {
        opened.countDown();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (opened.getCount() > 0) {
                if (closed) {
                    opened.await();
                } else {
                    String path = exchange.getRequestURI().getRawPath();
                    int f = path.contains("/customer/F") ? files.incrementAndGet() : files.get();
                    int q = path.contains("/customer/Q") ? queued.incrementAndGet() : queued.get();
                    if (f >= fileRequests && q >= queueRequests) {
                        closed = true;
                    }
                }
            }
            Forwarding.forward(client, target, exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        open();
        server.stop(0);
        threads.shutdownNow();
    }
}
