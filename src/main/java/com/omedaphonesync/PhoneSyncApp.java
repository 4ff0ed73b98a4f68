package com.omedaphonesync;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.broker.EmbeddedBroker;
import com.omedaphonesync.broker.JmsConnection;
import com.omedaphonesync.cluster.LeaderElection;
import com.omedaphonesync.cluster.Leadership;
import com.omedaphonesync.config.Key;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.kafka.KafkaSourceUri;
import com.omedaphonesync.lookup.AppIdGate;
import com.omedaphonesync.mirror.MirrorComponent;
import com.omedaphonesync.lookup.OmedaCalls;
import com.omedaphonesync.lookup.OmedaCircuit;
import com.omedaphonesync.lookup.RateLimiter;
import com.omedaphonesync.outputs.OutputUris;
import com.omedaphonesync.observe.ActivityLog;
import com.omedaphonesync.observe.Metrics;
import com.omedaphonesync.observe.OutputsHealthCheck;
import com.omedaphonesync.observe.SourcesHealthCheck;
import com.omedaphonesync.observe.StartupProbe;
import com.omedaphonesync.observe.StatusPage;
import com.omedaphonesync.observe.StatusRates;
import com.omedaphonesync.observe.StatusReport;
import com.omedaphonesync.pipeline.Dispatcher;
import com.omedaphonesync.pipeline.Pipeline;
import com.omedaphonesync.pipeline.FileCheckpoints;
import com.omedaphonesync.pipeline.PoisonMessages;
import com.omedaphonesync.pipeline.Reports;
import com.omedaphonesync.pipeline.RoutesCheck;
import com.omedaphonesync.pipeline.Summary;
import com.omedaphonesync.pipeline.Totals;
import com.omedaphonesync.pipeline.UnfinishedException;
import com.omedaphonesync.sources.Checkpoint;
import com.omedaphonesync.sources.Checkpoints;
import com.omedaphonesync.sources.OversizeMessages;

/**
 * The product on Camel Main: the beans made from the validated {@link Settings}, the Java pipeline, and the
 * YAML routes under {@code routes/} (or their copy inside the jar when there is no such folder).
 */
public final class PhoneSyncApp {
    private static final Logger LOG = LoggerFactory.getLogger(PhoneSyncApp.class);
    /** Where health and metrics are served unless camel.management.port says otherwise. */
    public static final int MANAGEMENT_PORT = 9876;
    /** Derived from omeda.output.uris for routes/outputs.yaml; not settings of their own. */
    static final String PER_CUSTOMER_OUTPUTS = "omeda.output.per-customer-uris";
    static final String PER_RECORD_OUTPUTS = "omeda.output.per-record-uris";
    static final String ANY_PER_RECORD_OUTPUT = "omeda.output.any-per-record";
    private static final List<String> SOURCE_ROUTES = List.of("file-source", "queue-source", "timer-source");

    /**
     * {@code RUN} starts the enabled sources and the health and metrics server; {@code BATCH} starts no source;
     * {@code DEMO} starts the sources without the server.
     */
    public enum Mode { RUN, BATCH, DEMO }

    private final Settings settings;
    private final Properties properties;
    private final Mode mode;
    private final Main main = new Main();
    private final AppIdGate gate = new AppIdGate();
    private final OmedaCircuit circuit;
    private final OmedaCalls calls = new OmedaCalls();
    private final Totals totals = new Totals();
    /** The status page's rates, sampled while {@code run} runs; null in the other modes. */
    private final StatusRates rates;
    private final Reports reports;
    private final Checkpoints checkpoints = new Checkpoints();
    /** The PostgreSQL mirror when an output is a mirror table, else null. */
    private final MirrorComponent mirror;
    /** The limit on requests to Omeda, shared by every lookup; in a cluster, this instance's share. Null for none. */
    private final RateLimiter rateLimiter;
    private ProducerTemplate template;
    private Leadership leadership = Leadership.ALONE;

    public PhoneSyncApp(Settings settings, Properties properties, Mode mode) {
        this.settings = settings;
        this.properties = properties;
        this.mode = mode;
        this.reports = new Reports(settings.outputs().reportDir());
        // batch and replay end: they give up on an Omeda that stays down; the service waits for it
        this.circuit = new OmedaCircuit(settings.circuit().failureThreshold(), settings.circuit().openFor(),
                mode == Mode.BATCH ? settings.circuit().batchGiveUpAfter() : Duration.ZERO);
        this.rateLimiter = settings.http().rateLimitPerSecond() > 0
                ? new RateLimiter(settings.http().rateLimitPerSecond(),
                        settings.cluster().enabled() ? RateLimiter.CLUSTER_GUARD_NANOS : RateLimiter.GUARD_NANOS)
                : null;
        this.mirror = settings.outputs().uris().stream().anyMatch(uri -> MirrorComponent.tableOf(uri) != null)
                ? MirrorComponent.create(settings) : null;
        this.rates = mode == Mode.RUN ? new StatusRates(totals, calls) : null;
        Properties camel = camelProperties(settings, properties, mode);
        main.setOverrideProperties(camel);
        if (mode == Mode.BATCH) {
            // batch and replay stop on a signal themselves, and wait for their report before the JVM ends. Camel's
            // default strategy would add its own JVM hook even when told not to (disableHangupSupport is not
            // honoured by its install), whose listener then holds the stop for up to 45 s: the simple one has none
            main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        }
        main.configure().addConfiguration(new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) throws Exception {
                wire(context);
            }
        });
        // after the wiring above: its outputs' endpoints are made with the product's jms component
        main.configure().addConfiguration(new RouteBeans(settings, gate, circuit, mirror, calls, rateLimiter));
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                // the registry camel-micrometer-prometheus serves at /observe/metrics, when metrics are on
                MeterRegistry registry = started.getCamelContext().getRegistry()
                        .lookupByNameAndType("metricsRegistry", MeterRegistry.class);
                if (registry != null) {
                    Metrics.bind(registry, totals, gate, circuit, calls, enabledSources(settings));
                }
                if (rates != null) {
                    StatusPage.install(started.getCamelContext(), new StatusReport(started.getCamelContext(),
                            settings, totals, gate, circuit, calls, leadership, rates, secrets(settings)));
                }
                logManagementEndpoints(camel);
            }
        });
    }

    private static Set<String> enabledSources(Settings settings) {
        Set<String> enabled = new HashSet<>();
        if (settings.fileSource().enabled()) {
            enabled.add("file");
        }
        if (settings.queueSource().enabled()) {
            enabled.add("queue");
        }
        if (settings.timerSource().enabled()) {
            enabled.add("timer");
        }
        return enabled;
    }

    /** Every credential's value, which the status page masks should some failure text quote one. */
    private static List<String> secrets(Settings settings) {
        List<String> secrets = new ArrayList<>();
        secrets.add(settings.api().appId().reveal());
        if (settings.broker().password() != null) {
            secrets.add(settings.broker().password().reveal());
        }
        if (settings.mirror().password() != null) {
            secrets.add(settings.mirror().password().reveal());
        }
        return secrets;
    }

    /**
     * Where health and metrics answer, with the address really listened on: Camel's own summary of these
     * endpoints (quietened in log4j2.properties) always says 0.0.0.0.
     */
    private static void logManagementEndpoints(Properties camel) {
        if (!Boolean.parseBoolean(camel.getProperty("camel.management.enabled", "false").strip())) {
            return;
        }
        String host = camel.getProperty("camel.management.host", "0.0.0.0").strip();
        String port = camel.getProperty("camel.management.port").strip();
        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        LOG.info("Health at {}/observe/health, metrics at {}/observe/metrics{}", base, base,
                host.equals("0.0.0.0") ? " (every interface)" : "");
    }

    /** What Camel sees: every key but the app id, plus defaults for the camel.* keys the operator left out. */
    static Properties camelProperties(Settings settings, Properties properties, Mode mode) {
        Properties camel = new Properties();
        camel.setProperty("camel.main.name", "omeda-phone-sync");
        camel.setProperty("camel.main.routes-include-pattern", routesLocation());
        camel.setProperty("camel.main.shutdown-timeout", "30");
        boolean observe = mode == Mode.RUN;
        camel.setProperty("camel.management.enabled", String.valueOf(observe));
        camel.setProperty("camel.management.port", String.valueOf(MANAGEMENT_PORT));
        // Camel's summary would list the derived keys below as if they were settings; Settings.describe lists those
        camel.setProperty("camel.main.auto-configuration-log-summary", "false");
        camel.setProperty("camel.management.health-check-enabled", "true");
        camel.setProperty("camel.management.metrics-enabled", String.valueOf(observe));
        camel.setProperty("camel.metrics.enabled", String.valueOf(observe));
        camel.putAll(properties);
        for (Key key : Key.values()) {
            if (key.secret()) {
                camel.remove(key.property());
            }
        }
        // the resolved id, default included, for {{omeda.instance.id}} in output file names
        camel.setProperty(Key.INSTANCE_ID.property(), settings.cluster().instanceId());
        List<String> outputs = OutputUris.normalized(settings.outputs().uris());
        camel.setProperty(PER_CUSTOMER_OUTPUTS, String.join(",", OutputUris.perCustomer(outputs)));
        camel.setProperty(PER_RECORD_OUTPUTS, String.join(",", OutputUris.perRecord(outputs)));
        camel.setProperty(ANY_PER_RECORD_OUTPUT, String.valueOf(!OutputUris.perRecord(outputs).isEmpty()));
        camel.setProperty(Key.DEAD_LETTER_URI.property(), OutputUris.normalized(Key.DEAD_LETTER_URI, settings.outputs().deadLetterUri()));
        camel.setProperty("omeda.source.timer.quartz-trigger", settings.timerSource().schedule().quartzTrigger());
        camel.setProperty("omeda.source.queue.consumer-uri", KafkaSourceUri.of(OversizeMessages.consumerUri(
                settings.queueSource().uri(), settings.queueSource().maxMessageBytes())));
        if (mode == Mode.BATCH) {
            List.of(Key.FILE_ENABLED, Key.QUEUE_ENABLED, Key.TIMER_ENABLED)
                    .forEach(key -> camel.setProperty(key.property(), "false"));
        }
        return camel;
    }

    /** The routes/ folder of the working directory when there is one, else the copy inside the jar. */
    static String routesLocation() {
        return Files.isDirectory(Path.of("routes")) ? "file:routes/*.yaml" : "classpath:routes/*.yaml";
    }

    private void wire(CamelContext context) throws Exception {
        context.addStartupListener(new RoutesCheck(routesLocation()));
        // ConfigLoader already merged the environment in SPEC order: placeholders must not read it again,
        // or OMEDA_SOURCE_FILE_DIR would beat --omeda.source.file.dir and re-enable sources in a batch
        PropertiesComponent placeholders = (PropertiesComponent) context.getPropertiesComponent();
        placeholders.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
        placeholders.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
        warnOnPlainHttp(settings.api().baseUrl());
        if (settings.broker().embedded()) {
            context.addService(new EmbeddedBroker(URI.create(settings.broker().url()), settings.broker().dataDir()));
        }
        if (mirror != null) {
            // started with the context, which checks (or creates) its tables before any route starts
            context.addComponent(MirrorComponent.SCHEME, mirror);
        }
        JmsConnection jms = new JmsConnection(settings.broker(), settings.http().concurrency());
        context.addService(jms);
        context.addComponent("jms", jms.component());

        // cluster: the leader-only policy of routes/sources.yaml; the dispatcher cuts a drop-folder file or a timer
        // firing off the moment this instance stops leading
        leadership = LeaderElection.install(context, settings.cluster(), rateLimiter,
                settings.http().rateLimitPerSecond());
        Dispatcher dispatcher = new Dispatcher(context, settings.http().concurrency(), settings.api().brand(), gate,
                totals, reports, leadership);
        context.addService(dispatcher);
        context.addService(checkpoints);
        // the beans of routes/ids.yaml that live with the context's services
        context.getRegistry().bind("dispatcher", dispatcher);
        context.getRegistry().bind("dispatchId", (Processor) dispatcher::dispatch);
        context.getRegistry().bind("requireMandate", (Processor) dispatcher::requireMandate);
        context.getRegistry().bind("fileCheckpoints", new FileCheckpoints(checkpoints));
        context.getRegistry().bind("poisonMessages", new PoisonMessages(settings.queueSource(), totals));

        // health of the outputs and sources, from the running counts
        context.getRegistry().bind("outputsHealthCheck", new OutputsHealthCheck(totals));
        context.getRegistry().bind("sourcesHealthCheck", new SourcesHealthCheck(totals,
                settings.fileSource().enabled() && mode != Mode.BATCH ? settings.fileSource().dir() : null));
        if (mode == Mode.RUN) {
            // check's probes in the background once started: a wrong app id is DOWN before the first id
            StartupProbe startupProbe = new StartupProbe(settings);
            context.addStartupListener(startupProbe);
            context.getRegistry().bind("startupProbe", startupProbe);
            // progress of long files and a periodic line for the queue, as batch has its progress lines
            context.addService(new ActivityLog(totals));
            context.addService(rates);
        }
        if (settings.queueSource().enabled() && mode != Mode.BATCH) {
            Optional<String> queue = OversizeMessages.sweepableQueue(settings.queueSource().uri());
            if (queue.isPresent()) {
                context.addService(new OversizeMessages(context, settings.broker(), queue.get(),
                        settings.queueSource().maxMessageBytes(), Pipeline.ENRICH_MESSAGE));
            }
        }

        gate.onRejection(reason -> stopSources(context, reason));
    }

    private static void stopSources(CamelContext context, String reason) {
        LOG.error("Omeda rejected the app id ({}). No further ids are looked up; the sources stop and health is "
                + "DOWN until omeda.app-id is corrected and the service restarted.", reason);
        // at once, before the failed message rolls back: a consumer still running would take it again and
        // again, and the broker would give up on it after its delivery attempts
        for (String routeId : SOURCE_ROUTES) {
            Route route = context.getRoute(routeId);
            if (route != null) {
                ServiceHelper.suspendService(route.getConsumer());
            }
        }
        // the routes themselves stop off this lookup thread: stopping a route waits for its exchange, which
        // waits for this lookup
        Thread stopper = new Thread(() -> {
            for (String routeId : SOURCE_ROUTES) {
                Route route = context.getRoute(routeId);
                if (route != null) {
                    try {
                        context.getRouteController().stopRoute(routeId, 30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        LOG.warn("Could not stop route {}: {}", routeId, e.getMessage());
                    }
                }
            }
        }, "omeda-stop-sources");
        stopper.setDaemon(true);
        stopper.start();
    }

    private static void warnOnPlainHttp(URI baseUrl) {
        if ("http".equalsIgnoreCase(baseUrl.getScheme()) && !isLoopback(baseUrl.getHost())) {
            LOG.warn("omeda.base-url {} is plain http: the app id travels unencrypted", baseUrl);
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public void start() throws Exception {
        LOG.info("Starting with {}", Settings.describe(properties));
        main.start();
        template = main.getCamelContext().createProducerTemplate();
    }

    /** Runs until SIGTERM or SIGINT, then shuts down gracefully. */
    public void run() throws Exception {
        LOG.info("Starting with {}", Settings.describe(properties));
        main.run();
    }

    public void stop() throws Exception {
        main.stop();
    }

    /**
     * Sends one file of ids through the pipeline, as the drop folder would but without moving it. Like a dropped
     * file it keeps a checkpoint beside it while it is read (when its folder is writable), so that a batch run
     * again after a crash or an unfinished run resumes after the ids already done; the checkpoint is deleted
     * once every id of the file has its outcome.
     *
     * @throws UnfinishedException when some id was held (a 403, an output down) or the file could not be read
     */
    public Summary enrich(Path file) {
        Checkpoint checkpoint = checkpoints.open(file);
        try {
            Exchange done = template.send(Pipeline.ENRICH_IDS, exchange -> {
                exchange.getIn().setBody(file.toFile());
                exchange.setProperty(Pipeline.SOURCE, "file:" + file.getFileName());
                exchange.setProperty(Pipeline.CHECKPOINT, checkpoint);
            });
            Summary summary = done.getProperty(Pipeline.SUMMARY, Summary.class);
            if (done.getException() != null) {
                throw new UnfinishedException(summary, done.getException());
            }
            checkpoints.done(checkpoint);
            return summary;
        } finally {
            checkpoints.close(checkpoint);
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public Totals totals() {
        return totals;
    }

    public AppIdGate gate() {
        return gate;
    }

    public OmedaCircuit circuit() {
        return circuit;
    }

    public OmedaCalls calls() {
        return calls;
    }

    public Reports reports() {
        return reports;
    }

    public Leadership leadership() {
        return leadership;
    }
}
