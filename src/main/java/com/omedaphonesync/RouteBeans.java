package com.omedaphonesync;

import java.util.ArrayList;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Processor;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.support.ExpressionAdapter;

import com.omedaphonesync.config.Key;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.kafka.KafkaDeliveries;
import com.omedaphonesync.lookup.AppIdGate;
import com.omedaphonesync.mirror.MirrorComponent;
import com.omedaphonesync.lookup.OmedaAnswers;
import com.omedaphonesync.lookup.OmedaCalls;
import com.omedaphonesync.lookup.OmedaCircuit;
import com.omedaphonesync.lookup.OmedaHttpComponent;
import com.omedaphonesync.lookup.OmedaRequests;
import com.omedaphonesync.lookup.RateLimiter;
import com.omedaphonesync.lookup.Retries;
import com.omedaphonesync.observe.AppIdHealthCheck;
import com.omedaphonesync.observe.CircuitHealthCheck;
import com.omedaphonesync.outputs.CsvHeaders;
import com.omedaphonesync.outputs.Format;
import com.omedaphonesync.outputs.OutputTexts;
import com.omedaphonesync.outputs.OutputUris;
import com.omedaphonesync.pipeline.DeadLetters;
import com.omedaphonesync.pipeline.Flatten;
import com.omedaphonesync.records.OmedaAnswer;
import com.omedaphonesync.sources.DropFolder;
import com.omedaphonesync.sources.RefreshIds;

/**
 * The beans the YAML routes under {@code routes/} name, bound the Camel Main way: each {@link BindToRegistry}
 * method's name is the name a step refers to ({@code ref: omedaAnswers}, {@code circuitBreaker:
 * omedaCircuitBreaker}, the component of {@code omeda-http:}). Made from the validated {@link Settings}, so every
 * bean starts from one source of truth.
 */
final class RouteBeans implements CamelConfiguration {
    private final Settings settings;
    private final AppIdGate gate;
    private final OmedaCircuit circuit;
    private final MirrorComponent mirror;
    private final OmedaRequests requests;
    private final OmedaAnswers answers;
    private final Flatten flatten = new Flatten();
    private final OmedaCalls calls;
    private final RateLimiter rateLimiter;

    /**
     * @param mirror the PostgreSQL mirror, or null when no output is a mirror table
     * @param rateLimiter the rate limit of every request to Omeda, or null for none
     */
    RouteBeans(Settings settings, AppIdGate gate, OmedaCircuit circuit, MirrorComponent mirror, OmedaCalls calls,
            RateLimiter rateLimiter) {
        this.settings = settings;
        this.gate = gate;
        this.circuit = circuit;
        this.mirror = mirror;
        this.requests = new OmedaRequests(gate);
        this.answers = new OmedaAnswers(gate, settings.api().appId());
        this.calls = calls;
        this.rateLimiter = rateLimiter;
    }

    /** camel-http for Omeda alone: its own pool, timeouts, app id header and rate limit. */
    @BindToRegistry("omeda-http")
    public OmedaHttpComponent omedaHttp() {
        return new OmedaHttpComponent(settings.api(), settings.http(), rateLimiter, calls);
    }

    @BindToRegistry
    public OmedaCircuit omedaCircuit() {
        return circuit;
    }

    /** The resilience4j breaker itself, shared by the {@code circuitBreaker} step on every thread. */
    @BindToRegistry
    public CircuitBreaker omedaCircuitBreaker() {
        return circuit.breaker();
    }

    /*
     * The steps every id runs are bound as processors, not as bean methods: a bean step binds the exchange to the
     * method's parameters on every call, which the profile showed on the per-id path.
     */

    /** The request's path for a valid id; an invalid one fails as INVALID_ID without a call. */
    @BindToRegistry
    public Processor prepareOmedaRequest() {
        return requests::prepare;
    }

    /** A 5xx fails the call inside the circuit breaker, so that it counts towards opening it. */
    @BindToRegistry
    public Processor failWhenUnwell() {
        return answers::failWhenUnwell;
    }

    /** Omeda's status: 403, 404, 429 and other 4xx become their outcomes. */
    @BindToRegistry
    public Processor checkOmedaAnswer() {
        return answers::check;
    }

    /** A 200 without a PhoneNumbers array is BAD_RESPONSE. */
    @BindToRegistry
    public Processor requirePhones() {
        return answers::requirePhones;
    }

    /** The split's expression: the answer's PhoneNumbers, one phone per split exchange. */
    @BindToRegistry
    public Expression phoneNumbers() {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return exchange.getIn().getBody(OmedaAnswer.class).phoneNumbers();
            }
        };
    }

    /** One phone, one record. */
    @BindToRegistry
    public Processor flattenPhone() {
        return exchange -> exchange.getIn().setBody(flatten.phone(exchange));
    }

    /** The customer's records, gathered by the split: the body every output receives. */
    @BindToRegistry
    public Processor flattenCustomer() {
        return flatten::customer;
    }

    @BindToRegistry
    public Retries retries() {
        return new Retries(settings.retry().maxAttempts(), settings.retry().maxDelay(), circuit);
    }

    /** The split's aggregation strategy: gathers the customer's records in Omeda's order. */
    @BindToRegistry
    public Flatten flatten() {
        return flatten;
    }

    @BindToRegistry
    public DeadLetters deadLetters() {
        return new DeadLetters(mirror);
    }

    @BindToRegistry
    public RefreshIds refreshIds() {
        return new RefreshIds(settings.timerSource().idsFile());
    }

    @BindToRegistry
    public KafkaDeliveries kafkaDeliveries() {
        return new KafkaDeliveries();
    }

    /** The drop folder's filter: hides files waiting for their next try. */
    @BindToRegistry
    public DropFolder dropFolder() {
        return new DropFolder();
    }

    @BindToRegistry
    public AppIdHealthCheck appIdHealthCheck() {
        return new AppIdHealthCheck(gate);
    }

    @BindToRegistry
    public CircuitHealthCheck circuitHealthCheck() {
        return new CircuitHealthCheck(circuit);
    }

    /**
     * What needs the context: the outputs' type converters, and the CSV header of file outputs, whose endpoints
     * are made (and so checked) here, before any route starts.
     */
    @Override
    public void configure(CamelContext context) {
        OutputTexts.register(context.getTypeConverterRegistry(), settings.outputs().format());
        List<FileEndpoint> csvFiles = new ArrayList<>();
        for (String uri : OutputUris.normalized(settings.outputs().uris())) {
            Endpoint endpoint = OutputUris.endpoint(context, Key.OUTPUT_URIS, uri);
            if (endpoint instanceof FileEndpoint file && settings.outputs().format() == Format.CSV) {
                csvFiles.add(file);
            }
        }
        OutputUris.endpoint(context, Key.DEAD_LETTER_URI,
                OutputUris.normalized(Key.DEAD_LETTER_URI, settings.outputs().deadLetterUri()));
        CsvHeaders csvHeaders = new CsvHeaders(csvFiles);
        context.getRegistry().bind("writeCsvHeaders", (Processor) csvHeaders::write);
    }
}
