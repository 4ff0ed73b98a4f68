package com.omedaphonesync;

import java.util.ArrayList;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.FileEndpoint;

import com.omedaphonesync.config.Key;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.kafka.KafkaDeliveries;
import com.omedaphonesync.lookup.AppIdGate;
import com.omedaphonesync.mirror.MirrorComponent;
import com.omedaphonesync.lookup.OmedaAnswers;
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
    private final RateLimiter rateLimiter;

    /**
     * @param mirror the PostgreSQL mirror, or null when no output is a mirror table
     * @param rateLimiter the rate limit of every request to Omeda, or null for none
     */
    RouteBeans(Settings settings, AppIdGate gate, OmedaCircuit circuit, MirrorComponent mirror,
            RateLimiter rateLimiter) {
        this.settings = settings;
        this.gate = gate;
        this.circuit = circuit;
        this.mirror = mirror;
        this.rateLimiter = rateLimiter;
    }

    /** camel-http for Omeda alone: its own pool, timeouts, app id header and rate limit. */
    @BindToRegistry("omeda-http")
    public OmedaHttpComponent omedaHttp() {
        return new OmedaHttpComponent(settings.api(), settings.http(), rateLimiter);
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

    @BindToRegistry
    public OmedaRequests omedaRequests() {
        return new OmedaRequests(gate);
    }

    @BindToRegistry
    public OmedaAnswers omedaAnswers() {
        return new OmedaAnswers(gate, settings.api().appId());
    }

    @BindToRegistry
    public Retries retries() {
        return new Retries(settings.retry().maxAttempts(), settings.retry().maxDelay(), circuit);
    }

    @BindToRegistry
    public Flatten flatten() {
        return new Flatten();
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
        context.getRegistry().bind("csvHeaders", new CsvHeaders(csvFiles));
    }
}
