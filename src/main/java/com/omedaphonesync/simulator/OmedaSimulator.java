package com.omedaphonesync.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Omeda's Phone Lookup By Customer Id on a real socket: the documented path and headers, a 403
 * for a missing or wrong {@code x-omeda-appid}, the documented 404 for unknown customers, 200 bodies shaped
 * like the documented example, and injected latency and faults. Its answers are described in docs/simulator.md.
 */
public final class OmedaSimulator implements AutoCloseable {
    static {
        // the JDK server answers keep-alive requests ~40 ms late without it (Nagle against delayed ACK)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // beyond 200 idle keep-alive connections (by default) it closes each connection as its answer ends, and
        // a client that has already sent its next request on it sees a reset
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "2048");
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
    /** Holds delayed answers without holding a thread per request; sending is handed back to {@link #threads}. */
    private final ScheduledExecutorService delays;
    private final Random random;
    private final boolean faultsInjected;
    private final Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final Arrivals arrivals = new Arrivals();
    private final InFlight inFlight = new InFlight();
    private volatile boolean outage;
    private volatile int generation;

    private OmedaSimulator(SimulatorOptions options) throws IOException {
        this.options = options;
        this.generation = options.generation();
        this.random = new Random(options.seed());
        this.faultsInjected = options.serverErrorRate() + options.rateLimitRate() + options.slowRate()
                + options.dropRate() + options.malformedRate() + options.notFoundRate() > 0;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 1024);
        AtomicInteger threadNumber = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "simulator-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.delays = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "simulator-latency");
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

    public long requestCount() {
        return arrivals.count();
    }

    /** Requests that have arrived and are not yet being answered (see {@link InFlight}). */
    public int inFlight() {
        return inFlight.now();
    }

    /** The most requests there have been in flight at once since the start. */
    public int maxInFlight() {
        return inFlight.most();
    }

    /** The most requests that arrived within any one second (a sliding window). */
    public int busiestSecond() {
        return arrivals.busiestSecond();
    }

    /**
     * Omeda goes down: until {@link #endOutage}, every lookup on the documented path gets a 503, recorded with
     * the answer {@code outage} so that a test can count the calls made meanwhile.
     */
    public void startOutage() {
        outage = true;
    }

    public void endOutage() {
        outage = false;
    }

    /**
     * Serves another generation of the customers' data from the next request on, as Omeda's data changes
     * between two refreshes (see {@link SimulatedCustomers}); 0 is the base data.
     */
    public void generation(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("a generation is 0 or more, not " + value);
        }
        generation = value;
    }

    public int generation() {
        return generation;
    }

    @Override
    public void close() {
        server.stop(0);
        delays.shutdownNow();
        threads.shutdownNow();
    }

    /** What to answer: decided and recorded before it is sent, so the record is there when the client has it. */
    private record Reply(String answer, int status, String body, String retryAfter, long delayMillis) {
        static final int DROP = -1;

        Reply after(long millis) {
            return new Reply(answer, status, body, retryAfter, delayMillis + millis);
        }
    }

    private void handle(HttpExchange exchange) {
        long arrived = System.nanoTime();
        arrivals.arrive();
        String path = exchange.getRequestURI().getRawPath();
        Matcher matcher = PATH.matcher(path);
        boolean documentedPath = matcher.matches();
        String brand = documentedPath ? matcher.group(1) : null;
        String customerId = documentedPath ? matcher.group(2) : null;
        boolean appIdAccepted = options.appId().equals(exchange.getRequestHeaders().getFirst("x-omeda-appid"));
        Reply reply = decide(exchange.getRequestMethod(), documentedPath, brand, customerId, appIdAccepted);
        answers.computeIfAbsent(reply.answer(), k -> new LongAdder()).increment();
        if (options.recordRequests()) {
            Set<String> headerNames = new TreeSet<>();
            exchange.getRequestHeaders().keySet().forEach(name -> headerNames.add(name.toLowerCase(Locale.ROOT)));
            record(new Request(arrived, exchange.getRequestMethod(), path, headerNames, brand, customerId,
                    appIdAccepted, reply.answer()));
        }
        inFlight.arrive();
        if (reply.delayMillis() > 0) {
            delays.schedule(() -> threads.execute(() -> send(exchange, reply)), reply.delayMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            send(exchange, reply);
        }
    }

    private void send(HttpExchange exchange, Reply reply) {
        inFlight.answer();
        try {
            if (reply.status() != Reply.DROP) {
                if (reply.retryAfter() != null) {
                    exchange.getResponseHeaders().set("Retry-After", reply.retryAfter());
                }
                sendRaw(exchange, reply.status(), reply.body());
            }
        } catch (IOException clientGaveUp) {
            // usually a client that timed out on a slow answer and closed the connection
        } finally {
            // closing before any response bytes is how a dropped connection looks to the client
            exchange.close();
        }
    }

    private Reply decide(String method, boolean documentedPath, String brand, String customerId,
            boolean appIdAccepted) {
        if (!"GET".equals(method)) {
            return json(405, SimulatedCustomers.errors(null, "Only GET is supported."));
        }
        if (!documentedPath) {
            return json(404, SimulatedCustomers.errors(null, "Resource not found."));
        }
        if (outage) {
            return new Reply("outage", 503, json(503, SimulatedCustomers.errors(null, "Simulated outage.")).body(),
                    null, 0);
        }
        if (!appIdAccepted) {
            return json(403, SimulatedCustomers.errors(SimulatedCustomers.submissionId(brand, customerId),
                    "Access denied: missing or invalid x-omeda-appid."));
        }
        String fault = injectedFault();
        Reply reply = fault != null ? fault(fault, brand, customerId) : scenario(brand, customerId);
        return reply.after(options.latencyMillis());
    }

    private Reply scenario(String brand, String customerId) {
        switch (Scenario.of(customerId)) {
            case NOT_FOUND:
                return fault("404", brand, customerId);
            case STATUS:
                int status = Scenario.status(customerId);
                return status == 200 ? found(brand, customerId) : fault(String.valueOf(status), brand, customerId);
            case SLOW:
                return fault("slow", brand, customerId);
            case DROP:
                return fault("drop", brand, customerId);
            case MALFORMED:
                return fault("malformed", brand, customerId);
            case NO_ARRAY:
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("Customer", baseUrl() + PATH_PREFIX + brand + "/customer/" + customerId + "/*");
                body.put("SubmissionId", SimulatedCustomers.submissionId(brand, customerId));
                return json(200, body);
            case FLAKY:
            case THROTTLED:
                int attempt = attemptsById.computeIfAbsent(brand + "/" + customerId, k -> new AtomicInteger())
                        .incrementAndGet();
                if (attempt <= Scenario.failures(customerId)) {
                    return fault(Scenario.of(customerId) == Scenario.FLAKY ? "503" : "429", brand, customerId);
                }
                return found(brand, customerId);
            default:
                return SimulatedCustomers.gone(customerId, generation) ? fault("404", brand, customerId)
                        : found(brand, customerId);
        }
    }

    private Reply found(String brand, String customerId) {
        return json(200, SimulatedCustomers.answer(baseUrl(), brand, customerId, generation));
    }

    private Reply fault(String fault, String brand, String customerId) {
        switch (fault) {
            case "drop":
                return new Reply("drop", Reply.DROP, null, null, 0);
            case "slow":
                Reply found = found(brand, customerId).after(options.slowMillis());
                return new Reply("slow", found.status(), found.body(), null, found.delayMillis());
            case "malformed":
                String whole = found(brand, customerId).body();
                return new Reply("malformed", 200, whole.substring(0, whole.length() / 2), null, 0);
            case "404":
                return json(404, SimulatedCustomers.notFound(brand, customerId));
            default:
                int status = Integer.parseInt(fault);
                Reply error = json(status, SimulatedCustomers.errors(SimulatedCustomers.submissionId(brand, customerId),
                        "Simulated HTTP " + status + "."));
                String retryAfter = status == 429 || status == 503 ? String.valueOf(options.retryAfterSeconds()) : null;
                return new Reply(error.answer(), status, error.body(), retryAfter, 0);
        }
    }

    /** The fault the configured rates pick for this request, or null. */
    private String injectedFault() {
        if (!faultsInjected) {
            return null;
        }
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

    private static Reply json(int status, Map<String, Object> body) {
        try {
            return new Reply(String.valueOf(status), status, JSON.writeValueAsString(body), null, 0);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serialises", e);
        }
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
        body.put("inFlight", inFlight());
        body.put("maxInFlight", maxInFlight());
        body.put("perSecond", arrivals.perSecond());
        Map<String, Long> byAnswer = new LinkedHashMap<>();
        answers.forEach((answer, count) -> byAnswer.put(answer, count.sum()));
        body.put("answers", byAnswer);
        try {
            sendRaw(exchange, 200, json(200, body).body());
        } finally {
            exchange.close();
        }
    }

    private synchronized void record(Request request) {
        requests.add(request);
    }
}
