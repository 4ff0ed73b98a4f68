package com.omedaphonesync.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import com.omedaphonesync.PhoneSyncApp;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/**
 * Several instances of the product in this JVM, as a cluster: one simulator, one drop folder, each instance its
 * own output file ({@code phones-{{omeda.instance.id}}.jsonl}). Watches the leader-only routes of every instance
 * and remembers whether one of them ever ran on two instances at once: a route counts as running from the moment
 * it starts starting until it has stopped, so the check errs on the side of seeing an overlap.
 */
final class Instances implements AutoCloseable {
    static final String FILE_SOURCE = "file-source";
    static final String TIMER_SOURCE = "timer-source";

    private final Path dir;
    private final Map<String, String> shared;
    private final OmedaSimulator simulator;
    private final Map<String, PhoneSyncApp> apps = new LinkedHashMap<>();
    private final Map<String, Set<String>> running = new HashMap<>();
    private final List<String> overlaps = new ArrayList<>();
    private final List<String> starts = new ArrayList<>();
    private String omedaUrl;

    Instances(Path dir, SimulatorOptions simulator, Map<String, String> shared) throws Exception {
        this.dir = dir;
        this.shared = shared;
        this.simulator = OmedaSimulator.start(simulator);
        this.omedaUrl = this.simulator.baseUrl();
    }

    /** Instances started from now on reach the simulator at {@code url} (a proxy in front of it). */
    void omedaAt(String url) {
        omedaUrl = url;
    }

    /** Starts one more instance named {@code id}. */
    PhoneSyncApp start(String id) throws Exception {
        return start(id, Map.of());
    }

    /** Starts one more instance named {@code id}, with settings of its own. */
    PhoneSyncApp start(String id, Map<String, String> own) throws Exception {
        Map<String, String> overrides = new HashMap<>(shared);
        overrides.putAll(own);
        overrides.put("omeda.instance.id", id);
        // Quartz keeps one scheduler per name in the JVM, named after the context: one for each instance, as
        // each would have in a process of its own
        overrides.put("camel.main.name", "omeda-phone-sync-" + id);
        overrides.put("omeda.cluster.enabled", "true");
        overrides.put("omeda.output.uris", "file:" + dir.resolve("output") + "?fileName=phones-{{omeda.instance.id}}.jsonl");
        overrides.put("omeda.dead-letter.uri",
                "file:" + dir.resolve("output") + "?fileName=dead-letter-{{omeda.instance.id}}.jsonl");
        overrides.put("omeda.report.dir", dir.resolve("output/reports-" + id).toString());
        Properties properties = TestApp.properties(dir, omedaUrl, overrides);
        PhoneSyncApp app = new PhoneSyncApp(Settings.from(properties), properties, PhoneSyncApp.Mode.DEMO);
        app.start();
        watch(id, app.context());
        apps.put(id, app);
        return app;
    }

    private void watch(String id, CamelContext context) throws Exception {
        EventNotifierSupport notifier = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                CamelEvent.RouteEvent routeEvent = (CamelEvent.RouteEvent) event;
                String route = routeEvent.getRoute().getRouteId();
                if (event instanceof CamelEvent.RouteStartingEvent) {
                    starting(id, route);
                } else {
                    stopped(id, route);
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.RouteStartingEvent || event instanceof CamelEvent.RouteStoppedEvent;
            }
        };
        context.getManagementStrategy().addEventNotifier(notifier);
        notifier.start();
        // a route started before the notifier was added
        for (String route : List.of(FILE_SOURCE, TIMER_SOURCE)) {
            if (context.getRouteController().getRouteStatus(route) == ServiceStatus.Started) {
                starting(id, route);
            }
        }
    }

    private synchronized void starting(String id, String route) {
        Set<String> on = running.computeIfAbsent(route, r -> new HashSet<>());
        if (on.add(id)) {
            starts.add(id + ":" + route);
        }
        if (on.size() > 1) {
            overlaps.add(route + " running on " + on);
        }
    }

    private synchronized void stopped(String id, String route) {
        running.getOrDefault(route, new HashSet<>()).remove(id);
    }

    /** Every time a leader-only route ran on two instances at once; empty when it never did. */
    synchronized List<String> overlaps() {
        return List.copyOf(overlaps);
    }

    /** "instance:route" for each start of a leader-only route, in order. */
    synchronized List<String> starts() {
        return List.copyOf(starts);
    }

    /** The instances whose {@code route} is started now. */
    List<String> runningNow(String route) {
        return apps.entrySet().stream().filter(e -> e.getValue().context().getRouteController()
                .getRouteStatus(route) == ServiceStatus.Started).map(Map.Entry::getKey).toList();
    }

    PhoneSyncApp app(String id) {
        return apps.get(id);
    }

    OmedaSimulator simulator() {
        return simulator;
    }

    Path input() {
        return dir.resolve("input");
    }

    Path output(String name) {
        return dir.resolve("output").resolve(name);
    }

    /** Stops one instance the way a SIGTERM would. */
    void stop(String id) throws Exception {
        apps.remove(id).stop();
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (PhoneSyncApp app : apps.values()) {
            try {
                app.stop();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        simulator.close();
        if (first != null) {
            throw first;
        }
    }
}
