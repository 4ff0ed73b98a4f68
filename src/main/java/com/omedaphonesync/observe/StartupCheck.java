package com.omedaphonesync.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.URISupport;

import com.omedaphonesync.config.Key;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.lookup.AppIdRejectedException;
import com.omedaphonesync.lookup.LookupFailure;
import com.omedaphonesync.lookup.OmedaAnswers;
import com.omedaphonesync.lookup.OmedaUnreachable;
import com.omedaphonesync.lookup.Retries;
import com.omedaphonesync.lookup.RetryableFailure;
import com.omedaphonesync.outputs.OutputUris;
import com.omedaphonesync.records.IdRequest;
import com.omedaphonesync.records.Reason;

/**
 * "Will it work tonight?": Omeda reached and the app id proven with one lookup, every output and the dead-letter
 * channel writable, the broker reached when the queue source is on. Used by the {@code check} command and, in the
 * background, at {@code run} start-up. The lookup goes through the product's own {@code direct:call-omeda} route
 * (component {@code omeda-http}), so the app id header, TLS settings, rate limit and circuit breaker are the ones
 * every id gets; nothing it reports carries the app id, and endpoints are shown with their secrets masked.
 */
public final class StartupCheck {
    /** A customer id no one has: Omeda answers 404 when it accepts the app id, 403 when not, whatever the id. */
    static final String PROBE_ID = "0MEDAPHONESYNCCHECK";

    public enum Outcome {
        OK,
        /** Cannot be reached or written: Omeda unreachable or unwell, an output folder not writable, no broker. */
        FAILED,
        APP_ID_REJECTED
    }

    /** One thing checked: what, how it went, and why in a few words. */
    public record Finding(String what, Outcome outcome, String detail) {
        public String line() {
            return (outcome == Outcome.OK ? "OK      " : "FAILED  ") + what + ": " + detail;
        }
    }

    private StartupCheck() {
    }

    /** Everything, Omeda first. */
    public static List<Finding> all(CamelContext context, Settings settings) {
        List<Finding> findings = new ArrayList<>();
        findings.add(omeda(context, settings.api().brand()));
        findings.addAll(sources(settings));
        findings.addAll(outputs(context, settings.outputs()));
        if (settings.queueSource().enabled() && settings.queueSource().uri().startsWith("jms:")) {
            findings.add(broker(context, settings.broker()));
        }
        return findings;
    }

    /** One lookup of a made-up id under the configured brand. */
    public static Finding omeda(CamelContext context, String brand) {
        String what = "Omeda";
        ProducerTemplate template = context.createProducerTemplate();
        try {
            Exchange done = template.send("direct:call-omeda",
                    exchange -> {
                        exchange.getIn().setBody(new IdRequest(PROBE_ID, brand, "check"));
                        exchange.setProperty(OmedaAnswers.PROBE, true);
                    });
            Exception failure = done.getException();
            if (failure == null) {
                return new Finding(what, Outcome.OK, "answered HTTP 200 to a lookup: the app id is accepted");
            }
            if (Retries.find(failure, AppIdRejectedException.class) != null) {
                return new Finding(what, Outcome.APP_ID_REJECTED,
                        "answered HTTP 403: the app id is rejected; check omeda.app-id (and that it is enabled for"
                                + " brand " + brand + ")");
            }
            LookupFailure answer = Retries.find(failure, LookupFailure.class);
            if (answer != null && answer.reason() == Reason.NOT_FOUND) {
                return new Finding(what, Outcome.OK, "answered HTTP 404 to a made-up customer id: the app id is"
                        + " accepted");
            }
            if (answer instanceof RetryableFailure) {
                return new Finding(what, Outcome.FAILED, "unwell: " + answer.detail());
            }
            if (answer != null) {
                return new Finding(what, Outcome.FAILED, "unexpected answer " + answer.detail()
                        + "; check omeda.base-url and omeda.brand");
            }
            OmedaUnreachable unreachable = Retries.find(failure, OmedaUnreachable.class);
            if (unreachable != null) {
                return new Finding(what, Outcome.FAILED, "unreachable at omeda.base-url: " + unreachable.getMessage());
            }
            if (Retries.find(failure, CallNotPermittedException.class) != null) {
                return new Finding(what, Outcome.FAILED, "not called: the circuit breaker is open after failures");
            }
            return new Finding(what, Outcome.FAILED, failure.getClass().getSimpleName() + ": " + failure.getMessage());
        } finally {
            ServiceHelper.stopService(template);
        }
    }

    /** Each output and the dead-letter channel: a file folder writable, any other endpoint created and started. */
    public static List<Finding> outputs(CamelContext context, Settings.Outputs outputs) {
        List<Finding> findings = new ArrayList<>();
        for (String uri : OutputUris.normalized(outputs.uris())) {
            findings.add(writable(context, "output " + URISupport.sanitizeUri(uri), uri));
        }
        String deadLetters = OutputUris.normalized(Key.DEAD_LETTER_URI, outputs.deadLetterUri());
        findings.add(writable(context, "dead letters " + URISupport.sanitizeUri(deadLetters), deadLetters));
        return findings;
    }

    private static Finding writable(CamelContext context, String what, String uri) {
        try {
            Endpoint endpoint = context.getEndpoint(uri);
            if (endpoint instanceof FileEndpoint file) {
                return folder(what, file.getFile().toPath().toAbsolutePath());
            }
            Producer producer = endpoint.createProducer();
            ServiceHelper.startService(producer);
            ServiceHelper.stopAndShutdownService(producer);
            return new Finding(what, Outcome.OK, "endpoint created and started");
        } catch (Exception e) {
            return new Finding(what, Outcome.FAILED, "cannot be started: " + e.getMessage());
        }
    }

    /** The folder, or the nearest existing folder above it that will hold it, must be writable. */
    static Finding folder(String what, Path folder) {
        Path dir = folder.toAbsolutePath();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return new Finding(what, Outcome.FAILED, (existing == null ? dir : existing) + " is not a folder");
        }
        String unwritable = writeProbe(existing);
        if (unwritable != null) {
            return new Finding(what, Outcome.FAILED, existing + " is not writable for this user (" + unwritable
                    + ")");
        }
        return new Finding(what, Outcome.OK, existing.equals(dir) ? dir + " is writable"
                : dir + " will be created in " + existing + ", which is writable");
    }

    /**
     * Writes and deletes a file in the folder: permissions alone do not tell (root may write anywhere they say,
     * yet nothing can be created under /proc; a read-only mount; an ACL). Null when it worked, else why not.
     */
    static String writeProbe(Path folder) {
        try {
            Path probe = Files.createTempFile(folder, ".omeda-phone-sync-check", ".tmp");
            Files.delete(probe);
            return null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return e instanceof IOException && e.getMessage() != null && !e.getMessage().contains(folder.toString())
                    ? e.getClass().getSimpleName() + ": " + e.getMessage() : e.getClass().getSimpleName();
        }
    }

    /** The drop folder (file source on) and the scheduled refresh's ids file (timer source on). */
    public static List<Finding> sources(Settings settings) {
        List<Finding> findings = new ArrayList<>();
        if (settings.fileSource().enabled()) {
            findings.add(dropFolder(settings.fileSource().dir()));
        }
        if (settings.timerSource().enabled()) {
            findings.add(idsFile(settings.timerSource().idsFile()));
        }
        return findings;
    }

    /**
     * The drop folder must be (or be creatable as) a folder this user can read and write: files are listed and
     * read there, and moved to .done/ and .error/ in it.
     */
    public static Finding dropFolder(Path folder) {
        Path dir = folder.toAbsolutePath();
        String what = "drop folder " + dir;
        if (!Files.exists(dir)) {
            Finding parent = folder(what, dir);
            return parent.outcome() == Outcome.OK ? parent : new Finding(what, Outcome.FAILED,
                    "cannot be created: " + parent.detail() + " (" + Key.FILE_DIR.property() + ")");
        }
        if (!Files.isDirectory(dir)) {
            return new Finding(what, Outcome.FAILED, "is not a folder (" + Key.FILE_DIR.property() + ")");
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            return new Finding(what, Outcome.FAILED, "cannot be read by this user: no file in it would be picked"
                    + " up");
        }
        String unwritable = writeProbe(dir);
        if (unwritable != null) {
            return new Finding(what, Outcome.FAILED, "is not writable for this user (" + unwritable + "): files "
                    + "cannot be moved to .done/ or .error/ in it");
        }
        return new Finding(what, Outcome.OK, "readable and writable");
    }

    /** The ids file of the scheduled refresh must exist and be readable. */
    public static Finding idsFile(Path file) {
        String what = "refresh ids file " + file.toAbsolutePath();
        if (!Files.exists(file)) {
            return new Finding(what, Outcome.FAILED, "does not exist (" + Key.TIMER_IDS_FILE.property() + ")");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return new Finding(what, Outcome.FAILED, "is not a file this user can read ("
                    + Key.TIMER_IDS_FILE.property() + ")");
        }
        return new Finding(what, Outcome.OK, "readable");
    }

    /** A connection to the broker of the jms: queue source, with its credentials. */
    public static Finding broker(CamelContext context, Settings.Broker broker) {
        String what = "broker " + URISupport.sanitizeUri(broker.url());
        JmsComponent jms = context.getComponent("jms", JmsComponent.class);
        ConnectionFactory factory = jms.getConfiguration().getConnectionFactory();
        try (Connection connection = factory.createConnection()) {
            connection.start();
            return new Finding(what, Outcome.OK, "connected");
        } catch (Exception e) {
            return new Finding(what, Outcome.FAILED, "cannot connect: " + e.getMessage());
        }
    }
}
