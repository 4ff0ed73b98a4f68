package com.omedaphonesync.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.PhoneSyncApp;
import com.omedaphonesync.pipeline.Pipeline;
import com.omedaphonesync.pipeline.Summary;
import com.omedaphonesync.pipeline.UnfinishedException;
import com.omedaphonesync.records.Reason;
import com.omedaphonesync.sources.DeadLetterIds;

/**
 * {@code replay DEAD_LETTER_FILE [--reasons R1,R2]}: after an outage, the dead letters of passing trouble
 * looked up again, each under its own brand and source, with batch's summary, report and exit codes. A
 * {@code NOT_FOUND} or {@code INVALID_ID} would only come back the same: not replayed unless asked for.
 */
final class ReplayCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayCommand.class);
    static final Set<Reason> DEFAULT_REASONS = EnumSet.of(Reason.SERVER_ERROR, Reason.UNREACHABLE,
            Reason.RATE_LIMITED);

    private final PrintStream out;
    private final PrintStream err;

    ReplayCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(List<String> names, String reasonList, Properties properties, Path workDir) {
        if (names.size() != 1) {
            err.println("omeda-phone-sync: replay needs one dead-letter file");
            return ExitCode.USAGE;
        }
        Path file = workDir.resolve(names.get(0));
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            err.println("omeda-phone-sync: cannot read the dead-letter file " + names.get(0));
            return ExitCode.USAGE;
        }
        Set<Reason> reasons;
        try {
            reasons = reasons(reasonList);
        } catch (IllegalArgumentException e) {
            err.println("omeda-phone-sync: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (holdsNoDeadLetter(file)) {
            err.println("omeda-phone-sync: " + names.get(0) + " holds no dead letter (none of its lines is one, as "
                    + "omeda.dead-letter.uri writes them): replay takes a dead-letter file; to look up a file of "
                    + "ids, use batch");
            return ExitCode.USAGE;
        }
        LOG.info("Replaying the {} dead letters of {}", reasons, file);
        BatchCommand.Unit unit = new BatchCommand.Unit(file, app -> replay(app, file, reasons));
        return new BatchCommand(out, err).run("replay", List.of(unit), properties,
                BatchCommand.lineCount(List.of(file)));
    }

    /** Lines, and not one of them a dead letter: an output or a file of ids given by mistake. */
    private static boolean holdsNoDeadLetter(Path file) {
        DeadLetterIds all = DeadLetterIds.open(file, EnumSet.allOf(Reason.class));
        try {
            return !all.hasNext() && all.leftOut().isEmpty() && all.notLetters() > 0;
        } finally {
            all.close();
        }
    }

    /** The reasons named, or the default three; a name that is no reason is a usage error naming them all. */
    static Set<Reason> reasons(String list) {
        if (list == null) {
            return DEFAULT_REASONS;
        }
        Set<Reason> reasons = EnumSet.noneOf(Reason.class);
        for (String name : list.split(",")) {
            String trimmed = name.strip().toUpperCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                reasons.add(Reason.valueOf(trimmed));
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("--reasons: no reason " + name.strip() + "; known: "
                        + Arrays.stream(Reason.values()).map(Enum::name).collect(Collectors.joining(",")));
            }
        }
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("--reasons names no reason");
        }
        return reasons;
    }

    private static Summary replay(PhoneSyncApp app, Path file, Set<Reason> reasons) {
        DeadLetterIds ids = DeadLetterIds.open(file, reasons);
        ProducerTemplate template = app.context().createProducerTemplate();
        try {
            Exchange done = template.send(Pipeline.ENRICH_IDS, exchange -> {
                exchange.getIn().setBody(ids);
                exchange.setProperty(Pipeline.SOURCE, "replay:" + file.getFileName());
            });
            Summary summary = done.getProperty(Pipeline.SUMMARY, Summary.class);
            Map<Reason, Long> leftOut = ids.leftOut();
            long others = leftOut.values().stream().mapToLong(Long::longValue).sum();
            if (others > 0 || ids.notLetters() > 0) {
                LOG.info("Not replayed: {} of other reasons or without an id {}; {} not a dead letter",
                        others == 1 ? "1 dead letter" : others + " dead letters", leftOut,
                        ids.notLetters() == 1 ? "1 line" : ids.notLetters() + " lines");
            }
            if (done.getException() != null) {
                throw new UnfinishedException(summary, done.getException());
            }
            return summary;
        } finally {
            ids.close();
            try {
                template.stop();
            } catch (RuntimeException ignored) {
                // the app stops it with the context anyway
            }
        }
    }
}
