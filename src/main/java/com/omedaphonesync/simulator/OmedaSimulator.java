package com.omedaphonesync.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Omeda's Phone Lookup By Customer Id on a real socket: the documented path and headers, a 403
 * for a missing or wrong {@code x-omeda-appid}, the documented 404 for unknown customers, 200 bodies shaped
 * like the documented example, and injected latency and faults. Its answers are described in the README.
 */
public final class OmedaSimulator implements AutoCloseable {
    static {
        // the JDK server answers keep-alive requests ~40 ms late without it (Nagle against delayed ACK)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public static final String PATH_PREFIX = "/webservices/rest/brand/";
    private static final Pattern PATH = Pattern.compile("/webservices/rest/brand/([^/]+)/customer/([^/]+)/phone/\\*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One request as the simulator saw it: {@code headerNames} in lower case (values are not kept, so that no
     * app id is stored); {@code answer} is the status sent, or the fault.
     */
    public record Request(long nanoTime, String method, String path, Set<String> headerNames, String brand,
            String customerId, boolean appIdAccepted, String answer) {
    }

    private final SimulatorOptions options;
    private final HttpServer server;
    private final ExecutorService threads;
    private final Random random;
    private final Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
    private long[] arrivals = new long[1024];
    private int arrivalCount;

    private OmedaSimulator(SimulatorOptions options) throws IOException {
        this.options = options;
        this.random = new Random(options.seed());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 1024);
        AtomicInteger threadNumber = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "simulator-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.createContext("/simulator/stats", this::stats);
    }

    public static OmedaSimulator start(SimulatorOptions options) throws IOException {
        OmedaSimulator simulator = new OmedaSimulator(options);
        simulator.server.start();
        return simulator;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What to set {@code omeda.base-url} to. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Every request so far, when the options record them. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests for one customer id, in arrival order. */
    public List<Request> requestsFor(String customerId) {
        return requests().stream().filter(r -> customerId.equals(r.customerId())).toList();
    }

    public synchronized long requestCount() {
        return arrivalCount;
    }

    /** The most requests that arrived within any one second. */
    public synchronized int busiestSecond() {
        long[] sorted = Arrays.copyOf(arrivals, arrivalCount);
        Arrays.sort(sorted);
        int best = 0;
        int from = 0;
        for (int to = 0; to < sorted.length; to++) {
            while (sorted[to] - sorted[from] >= TimeUnit.SECONDS.toNanos(1)) {
                from++;
            }
            best = Math.max(best, to - from + 1);
        }
        return best;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        String path = exchange.getRequestURI().getRawPath();
        Matcher matcher = PATH.matcher(path);
        String brand = matcher.matches() ? matcher.group(1) : null;
        String customerId = matcher.matches() ? matcher.group(2) : null;
        boolean appIdAccepted = options.appId().equals(exchange.getRequestHeaders().getFirst("x-omeda-appid"));
        String answer;
        try {
            answer = answer(exchange, matcher.matches(), brand, customerId, appIdAccepted);
        } finally {
            exchange.close();
        }
        Set<String> headerNames = new TreeSet<>();
        exchange.getRequestHeaders().keySet().forEach(name -> headerNames.add(name.toLowerCase(Locale.ROOT)));
        record(new Request(arrived, exchange.getRequestMethod(), path, headerNames, brand, customerId,
                appIdAccepted, answer));
    }

    private String answer(HttpExchange exchange, boolean documentedPath, String brand, String customerId,
            boolean appIdAccepted) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            return send(exchange, 405, SimulatedCustomers.errors(null, "Only GET is supported."));
        }
        if (!documentedPath) {
            return send(exchange, 404, SimulatedCustomers.errors(null, "Resource not found."));
        }
        if (!appIdAccepted) {
            return send(exchange, 403, SimulatedCustomers.errors(SimulatedCustomers.submissionId(brand, customerId),
                    "Access denied: missing or invalid x-omeda-appid."));
        }
        pause(options.latencyMillis());
        String fault = injectedFault();
        if (fault != null) {
            return fault(exchange, fault, brand, customerId);
        }
        return scenario(exchange, brand, customerId);
    }

    private String scenario(HttpExchange exchange, String brand, String customerId) throws IOException {
        switch (Scenario.of(customerId)) {
            case NOT_FOUND:
                return send(exchange, 404, SimulatedCustomers.notFound(brand, customerId));
            case STATUS:
                int status = Scenario.status(customerId);
                if (status == 200) {
                    break;
                }
                if (status == 404) {
                    return send(exchange, 404, SimulatedCustomers.notFound(brand, customerId));
                }
                return fault(exchange, String.valueOf(status), brand, customerId);
            case SLOW:
                return fault(exchange, "slow", brand, customerId);
            case DROP:
                return fault(exchange, "drop", brand, customerId);
            case MALFORMED:
                return fault(exchange, "malformed", brand, customerId);
            case NO_ARRAY:
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("Customer", baseUrl() + PATH_PREFIX + brand + "/customer/" + customerId + "/*");
                body.put("SubmissionId", SimulatedCustomers.submissionId(brand, customerId));
                return send(exchange, 200, body);
            case FLAKY:
            case THROTTLED:
                int attempt = attemptsById.computeIfAbsent(brand + "/" + customerId, k -> new AtomicInteger())
                        .incrementAndGet();
                if (attempt <= Scenario.failures(customerId)) {
                    return fault(exchange, Scenario.of(customerId) == Scenario.FLAKY ? "503" : "429", brand,
                            customerId);
                }
                break;
            default:
                break;
        }
        return send(exchange, 200, SimulatedCustomers.answer(baseUrl(), brand, customerId));
    }

    private String fault(HttpExchange exchange, String fault, String brand, String customerId) throws IOException {
        switch (fault) {
            case "drop":
                // closing before any response bytes makes the client see the connection reset
                return "drop";
            case "slow":
                pause(options.slowMillis());
                try {
                    send(exchange, 200, SimulatedCustomers.answer(baseUrl(), brand, customerId));
                } catch (IOException clientGaveUp) {
                    // the usual ending of a slow answer: the client timed out and closed the connection; the
                    // request is still counted and recorded
                }
                return "slow";
            case "malformed":
                String whole = JSON.writeValueAsString(SimulatedCustomers.answer(baseUrl(), brand, customerId));
                sendRaw(exchange, 200, whole.substring(0, whole.length() / 2));
                return "malformed";
            case "404":
                return send(exchange, 404, SimulatedCustomers.notFound(brand, customerId));
            default:
                int status = Integer.parseInt(fault);
                if (status == 429 || status == 503) {
                    exchange.getResponseHeaders().set("Retry-After", String.valueOf(options.retryAfterSeconds()));
                }
                return send(exchange, status, SimulatedCustomers.errors(
                        SimulatedCustomers.submissionId(brand, customerId), "Simulated HTTP " + status + "."));
        }
    }

    /** The fault the configured rates pick for this request, or null. */
    private String injectedFault() {
        double roll;
        synchronized (random) {
            roll = random.nextDouble();
        }
        double[] rates = { options.serverErrorRate(), options.rateLimitRate(), options.slowRate(),
                options.dropRate(), options.malformedRate(), options.notFoundRate() };
        String[] faults = { "500", "429", "slow", "drop", "malformed", "404" };
        double edge = 0;
        for (int i = 0; i < rates.length; i++) {
            edge += rates[i];
            if (roll < edge) {
                return faults[i];
            }
        }
        return null;
    }

    private String send(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        sendRaw(exchange, status, JSON.writeValueAsString(body));
        return String.valueOf(status);
    }

    private static void sendRaw(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void stats(HttpExchange exchange) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requests", requestCount());
        body.put("busiestSecond", busiestSecond());
        Map<String, Long> byAnswer = new LinkedHashMap<>();
        answers.forEach((answer, count) -> byAnswer.put(answer, count.get()));
        body.put("answers", byAnswer);
        try {
            send(exchange, 200, body);
        } finally {
            exchange.close();
        }
    }

    private synchronized void record(Request request) {
        answers.computeIfAbsent(request.answer(), k -> new AtomicLong()).incrementAndGet();
        if (arrivalCount == arrivals.length) {
            arrivals = Arrays.copyOf(arrivals, arrivals.length * 2);
        }
        arrivals[arrivalCount++] = request.nanoTime();
        if (options.recordRequests()) {
            requests.add(request);
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
