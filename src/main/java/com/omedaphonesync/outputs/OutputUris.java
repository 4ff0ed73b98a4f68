package com.omedaphonesync.outputs;

import java.nio.charset.Charset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.GenericFileExist;

import com.omedaphonesync.config.ConfigException;
import com.omedaphonesync.config.Key;
import com.omedaphonesync.kafka.KafkaOutputs;

/**
 * The outputs' URIs as the routes use them, checked at start-up so that a mistake is a configuration error
 * naming the key, not a failure at the first record. A {@code file:} URI without {@code fileExist} appends
 * ({@code fileExist=Append}): every customer adds its lines to the file; any {@code fileExist} given is honoured
 * by Camel's file producer as documented.
 */
public final class OutputUris {
    private static final int FILE_BUFFER_BYTES = 4 * 1024;

    private OutputUris() {
    }

    /** @throws ConfigException when two outputs are the same endpoint, or a Kafka output is weakened */
    public static List<String> normalized(List<String> uris) {
        List<String> normalized = uris.stream().map(uri -> normalized(Key.OUTPUT_URIS, uri)).toList();
        Set<String> seen = new HashSet<>();
        for (String uri : normalized) {
            if (!seen.add(uri)) {
                throw new ConfigException(Key.OUTPUT_URIS.property() + ": '" + uri
                        + "' is listed twice; every record would be written to it twice");
            }
        }
        return normalized;
    }

    /**
     * The outputs that take a customer's records in one exchange: files, which append them in one write; Kafka,
     * which sends each record of the customer (camel-kafka iterates the body) keyed by the customer; SQL, which
     * runs its statement once per record in one JDBC batch, each record's fields bound as named parameters; the
     * PostgreSQL mirror, which replaces the customer's rows in one transaction.
     */
    public static List<String> perCustomer(List<String> normalized) {
        return normalized.stream().filter(OutputUris::takesCustomers).toList();
    }

    /** The outputs that take one message per record: every other endpoint. */
    public static List<String> perRecord(List<String> normalized) {
        return normalized.stream().filter(uri -> !takesCustomers(uri)).toList();
    }

    private static boolean takesCustomers(String uri) {
        return uri.startsWith("file:") || uri.startsWith("kafka:") || uri.startsWith("sql:")
                || uri.startsWith("mirror:");
    }

    /**
     * A {@code file:} URI appends unless it says otherwise, with a write buffer sized for a customer's lines (an
     * output's without the jail check); a
     * {@code kafka:} URI gets the product's producer
     * settings ({@link KafkaOutputs}); a {@code sql:} URI runs in batch mode; any other is used as given.
     */
    public static String normalized(Key key, String uri) {
        if (uri.startsWith("kafka:")) {
            return KafkaOutputs.configure(key, uri);
        }
        if (uri.startsWith("sql:")) {
            if (uri.contains("batch=false")) {
                throw new ConfigException(key.property() + ": a sql: output runs its statement for every record of "
                        + "a customer in one batch; leave out batch=false");
            }
            return uri.contains("batch=true") ? uri : uri + (uri.contains("?") ? "&" : "?") + "batch=true";
        }
        if (!uri.startsWith("file:")) {
            return uri;
        }
        String file = uri.contains("fileExist=") ? uri : uri + (uri.contains("?") ? "&" : "?") + "fileExist=Append";
        // Camel's default (128 KiB) is a buffer allocated for every write; a customer's lines are a few hundred bytes
        file = file.contains("bufferSize=") ? file : file + "&bufferSize=" + FILE_BUFFER_BYTES;
        // The jail compacts the whole path at every write. An output's file name is the operator's; the only values
        // from outside that an expression can put in it are a record's brand and id, validated before the call. A
        // dead letter's may be anything a file or message held, so the dead-letter channel keeps its jail.
        return key != Key.OUTPUT_URIS || file.contains("jailStartingDirectory=") ? file
                : file + "&jailStartingDirectory=false";
    }

    /** @throws ConfigException when Camel cannot make the endpoint, or a file output names no file */
    public static Endpoint endpoint(CamelContext context, Key key, String uri) {
        Endpoint endpoint;
        try {
            endpoint = context.getEndpoint(uri);
        } catch (RuntimeException e) {
            throw new ConfigException(key.property() + ": cannot use '" + uri + "' (" + rootMessage(e) + ")", e);
        }
        if (endpoint == null) {
            throw new ConfigException(key.property() + ": no Camel component for '" + uri + "'");
        }
        if (endpoint instanceof FileEndpoint file && file.getFileName() == null) {
            throw new ConfigException(key.property() + ": '" + uri
                    + "' needs a fileName option, e.g. file:output?fileName=phones.jsonl");
        }
        if (endpoint instanceof FileEndpoint file && file.getFileExist() == GenericFileExist.Append
                && file.getCharset() != null && marksEachWrite(Charset.forName(file.getCharset()))) {
            throw new ConfigException(key.property() + ": '" + uri + "': charset " + file.getCharset()
                    + " starts every write with a byte-order mark, so each customer appended would put one in the "
                    + "middle of the file; name the byte order instead (e.g. UTF-16LE)");
        }
        return endpoint;
    }

    /** Whether the charset's encoder begins each text with a byte-order mark (Java's UTF-16 does). */
    private static boolean marksEachWrite(Charset charset) {
        return "aa".getBytes(charset).length != 2 * "a".getBytes(charset).length;
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
