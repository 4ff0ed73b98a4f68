package com.omedaphonesync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The ceiling the product is compared with: C threads, each doing GET of the documented path and a Jackson
 * parse of the answer to a tree, and nothing else, on pooled keep-alive connections. Two clients are offered
 * (the JDK's, and Apache HttpClient 5 which the product uses through camel-http); the benchmark keeps the
 * faster, so the product is compared with the best plain client, not a convenient one.
 */
enum PlainClient {
    JDK {
        @Override
        Worker open(int concurrency) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            return uri -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).header("x-omeda-appid", SimulatorProcess.APP_ID)
                        .header("Accept", "application/json").timeout(Duration.ofSeconds(15)).GET().build();
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    return parse(response.statusCode(), body);
                }
            };
        }
    },
    APACHE {
        @Override
        Worker open(int concurrency) {
            CloseableHttpClient client = HttpClients.custom()
                    .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                            .setMaxConnTotal(concurrency).setMaxConnPerRoute(concurrency).build())
                    .disableAutomaticRetries().build();
            return new Worker() {
                @Override
                public boolean lookUp(String uri) throws IOException {
                    HttpGet get = new HttpGet(uri);
                    get.setHeader("x-omeda-appid", SimulatorProcess.APP_ID);
                    get.setHeader("Accept", "application/json");
                    return client.execute(get,
                            response -> parse(response.getCode(), response.getEntity().getContent()));
                }

                @Override
                public void close() throws IOException {
                    client.close();
                }
            };
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FIRST_ID = 500_000_000L;

    /** One lookup: true when it was a 200 whose body parsed. */
    interface Worker extends AutoCloseable {
        boolean lookUp(String uri) throws Exception;

        @Override
        default void close() throws IOException {
            // the JDK's client of Java 17 has nothing to close; its idle connections time out
        }
    }

    abstract Worker open(int concurrency);

    /**
     * Over the counted time: lookups per second, and this JVM's CPU per lookup (all its threads: the client's own,
     * such as the JDK client's selector, and the JIT and GC, as in the product's figure; the harness does nothing
     * else meanwhile).
     */
    record Measured(double idsPerSecond, double cpuMicrosPerId) {
    }

    /** Lookups per second and CPU per lookup over {@code counting}, after {@code warmUp} not counted. */
    Measured measure(String baseUrl, int concurrency, Duration warmUp, Duration counting) throws IOException {
        try (Worker worker = open(concurrency)) {
            return measure(worker, baseUrl, concurrency, warmUp, counting);
        }
    }

    private Measured measure(Worker worker, String baseUrl, int concurrency, Duration warmUp, Duration counting) {
        AtomicLong nextId = new AtomicLong(FIRST_ID);
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    String uri = baseUrl + "/webservices/rest/brand/BENCH/customer/" + nextId.getAndIncrement()
                            + "/phone/*";
                    try {
                        if (worker.lookUp(uri)) {
                            done.increment();
                        } else {
                            failure.compareAndSet(null, new IllegalStateException("not a 200 with JSON: " + uri));
                        }
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "plain-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        Pause.millis(warmUp.toMillis());
        long countedFrom = done.sum();
        long cpuFrom = ProcessCpu.ofThisJvm();
        long from = System.nanoTime();
        Pause.millis(counting.toMillis());
        long counted = done.sum() - countedFrom;
        long cpu = ProcessCpu.ofThisJvm() - cpuFrom;
        long nanos = System.nanoTime() - from;
        stop.set(true);
        for (Thread thread : threads) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException(this + " client failed: " + failure.get(), failure.get());
        }
        return new Measured(counted * 1e9 / nanos, cpu / 1000.0 / Math.max(1, counted));
    }

    private static boolean parse(int status, InputStream body) throws IOException {
        JsonNode tree = JSON.readTree(body);
        return status == 200 && tree.has("PhoneNumbers");
    }
}
