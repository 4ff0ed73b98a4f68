package com.omedaphonesync.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Sits between the product and the simulator and holds back the answer for one customer id: it tells the test
 * when that lookup has arrived, then waits {@code delay} before passing the simulator's answer on. So a test
 * knows for certain that a lookup is in flight, e.g. to send SIGTERM at that moment.
 */
final class DelayingProxy implements AutoCloseable {
    private final String target;
    private final String heldPath;
    private final Duration delay;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "delaying-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CountDownLatch heldArrived = new CountDownLatch(1);

    DelayingProxy(String target, String heldCustomerId, Duration delay) throws IOException {
        this.target = target;
        this.heldPath = "/customer/" + heldCustomerId + "/";
        this.delay = delay;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Whether the held lookup has reached the proxy (its answer is then {@code delay} away). */
    boolean heldLookupArrived() {
        return heldArrived.getCount() == 0;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getRawPath().contains(heldPath)) {
                heldArrived.countDown();
                Thread.sleep(delay.toMillis());
            }
            Forwarding.forward(client, target, exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
