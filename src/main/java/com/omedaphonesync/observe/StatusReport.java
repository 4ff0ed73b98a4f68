package com.omedaphonesync.observe;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.util.URISupport;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

import com.omedaphonesync.cluster.Leadership;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.lookup.AppIdGate;
import com.omedaphonesync.lookup.OmedaCalls;
import com.omedaphonesync.lookup.OmedaCircuit;
import com.omedaphonesync.pipeline.History;
import com.omedaphonesync.pipeline.Summary;
import com.omedaphonesync.pipeline.Tally;
import com.omedaphonesync.pipeline.Totals;
import com.omedaphonesync.records.DeadLetter;
import com.omedaphonesync.records.Reason;
import com.omedaphonesync.sources.DropFolder;
import com.omedaphonesync.sources.IdCount;
import com.omedaphonesync.sources.Schedule;

/**
 * The document at {@code /observe/status.json} that the status page shows, built at each request from the running
 * counts, the recent past ({@link History}) and the rates of {@link StatusRates}. Its field names are documented
 * in docs/operating.md ("Watching it") and stay stable. No configuration value that may hold a credential is
 * copied into it: endpoints show their scheme and path only, and every secret value is masked in the finished
 * text in case some failure message quoted one.
 */
public final class StatusReport {
    /** Files of the drop folder listed as waiting, at most. */
    static final int WAITING_LISTED = 20;
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.ALWAYS);
    private static final String REPLAY = "bin/omeda-phone-sync replay ";

    private final CamelContext context;
    private final Settings settings;
    private final Totals totals;
    private final AppIdGate gate;
    private final OmedaCircuit circuit;
    private final OmedaCalls calls;
    private final Leadership leadership;
    private final StatusRates rates;
    private final List<String> secrets;
    /** Lines of each file being read or waiting, counted once per path, size and time of change. */
    private final Map<String, Long> aboutIds = new HashMap<>();

    public record Document(String generatedAt, Instance instance, Sources sources, Omeda omeda, Channel outputs,
            Channel deadLetterChannel, Held held, DeadLetters deadLetters) {
    }

    public record Instance(String id, String version, String startedAt, long uptimeSeconds, Cluster cluster) {
    }

    public record Cluster(boolean enabled, String role, int members, List<String> memberIds) {
    }

    public record Sources(FileSource file, QueueSource queue, ScheduleSource schedule) {
    }

    public record SourceState(String lastSuccess, String lastFailure, String lastFailureReason, boolean failing) {
    }

    public record FileSource(boolean enabled, String dir, SourceState state, List<WaitingFile> waiting,
            List<FileInProgress> inProgress, List<FinishedUnit> finished) {
    }

    public record WaitingFile(String name, long bytes, long aboutIds, String nextTry) {
    }

    public record FileInProgress(String name, String source, String startedAt, long idsDone, long aboutIds,
            Double percent, Double idsPerSecond, Long etaSeconds, long enriched, long deadLettered,
            long duplicatesSkipped, long held) {
    }

    public record FinishedUnit(String source, String startedAt, String finishedAt, boolean finished, String failure,
            String summary, String report) {
    }

    public record QueueSource(boolean enabled, Double messagesPerMinute, Double idsPerMinute, long messagesDone,
            long messagesNotFinished, FinishedUnit lastMessage) {
    }

    public record ScheduleSource(boolean enabled, String schedule, String lastFiring, String nextFiring,
            SourceState state, FinishedUnit lastSummary) {
    }

    public record Omeda(Double callsPerSecond, Double answerTimeP50Millis, Double answerTimeP95Millis,
            String circuit, String circuitOpenSince, long circuitOpenings, Map<String, Long> answersByStatus,
            long rateLimited, LastError lastError, AppId appId) {
    }

    public record LastError(String at, Integer status, String what) {
    }

    public record AppId(String state, String detail) {
    }

    public record Channel(List<String> endpoints, boolean down, String lastWrite, long failures,
            String lastFailure) {
    }

    public record Held(long total, Map<String, Long> bySource) {
    }

    public record DeadLetters(long total, Map<String, Long> byReason, long retryable, List<DeadLetter> last,
            String replayCommand, String replayNote) {
    }

    public StatusReport(CamelContext context, Settings settings, Totals totals, AppIdGate gate, OmedaCircuit circuit,
            OmedaCalls calls, Leadership leadership, StatusRates rates, List<String> secrets) {
        this.context = context;
        this.settings = settings;
        this.totals = totals;
        this.gate = gate;
        this.circuit = circuit;
        this.calls = calls;
        this.leadership = leadership;
        this.rates = rates;
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
    }

    /** The document as JSON text, every secret value masked. */
    public String json() throws JsonProcessingException {
        String text = JSON.writeValueAsString(document());
        for (String secret : secrets) {
            text = text.replace(secret, "****");
        }
        return text;
    }

    synchronized Document document() {
        StatusRates.Rates now = rates.rates();
        return new Document(instant(Instant.now()), instance(), new Sources(fileSource(), queueSource(now),
                scheduleSource()), omeda(now), outputs(now), deadLetterChannel(now), held(), deadLetters());
    }

    private Instance instance() {
        long started = ManagementFactory.getRuntimeMXBean().getStartTime();
        return new Instance(settings.cluster().instanceId(), version(), instant(Instant.ofEpochMilli(started)),
                (System.currentTimeMillis() - started) / 1000, new Cluster(settings.cluster().enabled(),
                        leadership.isLeader() ? "leader" : "follower", leadership.members(),
                        leadership.memberIds()));
    }

    static String version() {
        String version = StatusReport.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }

    private FileSource fileSource() {
        Path dir = settings.fileSource().dir();
        List<FileInProgress> reading = new ArrayList<>();
        List<String> readingPaths = new ArrayList<>();
        for (Tally tally : totals.inProgress()) {
            if (!"file".equals(Totals.kind(tally.source())) || tally.inputs().isEmpty()) {
                continue;
            }
            String path = tally.inputs().get(0);
            readingPaths.add(Path.of(path).toAbsolutePath().toString());
            reading.add(inProgress(tally, Path.of(path)));
        }
        List<WaitingFile> waiting = settings.fileSource().enabled() ? waiting(dir, readingPaths) : List.of();
        if (aboutIds.size() > 4 * WAITING_LISTED) {
            // files long gone, or changed since they were counted
            aboutIds.clear();
        }
        List<FinishedUnit> finished = totals.history().files().stream().map(StatusReport::unit).toList();
        return new FileSource(settings.fileSource().enabled(), dir.toString(), state("file"), waiting, reading,
                finished);
    }

    private FileInProgress inProgress(Tally tally, Path file) {
        Summary sofar = tally.summary();
        long done = idsDone(sofar);
        long about = Math.max(done, about(file));
        Double perSecond = rates.idsPerSecond(tally, done);
        if (perSecond == null && sofar.elapsedMillis() > 0) {
            perSecond = (done - sofar.idsSkippedOnResume()) * 1000.0 / sofar.elapsedMillis();
        }
        Long eta = perSecond == null || perSecond <= 0 ? null : Math.round((about - done) / perSecond);
        return new FileInProgress(file.getFileName().toString(), tally.source(), sofar.startedAt(), done, about,
                about == 0 ? null : Math.min(100.0, Math.round(done * 1000.0 / about) / 10.0),
                perSecond == null ? null : Math.round(perSecond * 10) / 10.0, eta, sofar.enriched(),
                sofar.deadLettered(), sofar.duplicatesSkipped(), sofar.held());
    }

    /** Ids of a unit that have their outcome, as the progress lines count them. */
    static long idsDone(Summary sofar) {
        return sofar.idsSkippedOnResume() + sofar.duplicatesSkipped() + sofar.enriched() + sofar.deadLettered();
    }

    private List<WaitingFile> waiting(Path dir, List<String> reading) {
        DropFolder folder = context.getRegistry().lookupByNameAndType("dropFolder", DropFolder.class);
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    // Camel's read lock beside a file being taken
                    .filter(f -> !f.getFileName().toString().endsWith(".camelLock"))
                    .filter(f -> !reading.contains(f.toAbsolutePath().toString()))
                    .sorted(Comparator.comparing(StatusReport::modified)).limit(WAITING_LISTED)
                    .map(f -> {
                        Instant next = folder == null ? null : folder.nextTry(f);
                        return new WaitingFile(f.getFileName().toString(), size(f), about(f),
                                next == null ? null : instant(next));
                    }).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private long about(Path file) {
        String key = file.toAbsolutePath() + "|" + size(file) + "|" + modified(file);
        return aboutIds.computeIfAbsent(key, k -> IdCount.lines(file));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private SourceState state(String kind) {
        Totals.SourceState state = totals.sources().get(kind);
        if (state == null) {
            return new SourceState(null, null, null, false);
        }
        return new SourceState(instant(state.lastSuccess()), instant(state.lastFailure()), state.lastFailureReason(),
                state.failing());
    }

    private static FinishedUnit unit(History.Unit unit) {
        if (unit == null) {
            return null;
        }
        Summary summary = unit.summary();
        return new FinishedUnit(summary.source(), summary.startedAt(), summary.finishedAt(), unit.failure() == null,
                unit.failure(), summary.describe(), unit.report());
    }

    private QueueSource queueSource(StatusRates.Rates now) {
        return new QueueSource(settings.queueSource().enabled(), round(now.queueMessagesPerMinute()),
                round(now.queueIdsPerMinute()), totals.finishedUnits("queue"), totals.failedUnits("queue"),
                unit(totals.history().lastMessage()));
    }

    private ScheduleSource scheduleSource() {
        boolean enabled = settings.timerSource().enabled();
        List<History.Unit> firings = totals.history().firings();
        Trigger trigger = enabled ? trigger() : null;
        Date previous = trigger == null ? null : trigger.getPreviousFireTime();
        Date next = trigger == null ? null : trigger.getNextFireTime();
        String last = previous != null ? instant(previous.toInstant())
                : firings.isEmpty() ? null : firings.get(0).summary().startedAt();
        return new ScheduleSource(enabled, describe(settings.timerSource().schedule()), last,
                next == null ? null : instant(next.toInstant()), state("timer"),
                firings.isEmpty() ? null : unit(firings.get(0)));
    }

    /** The trigger of the timer source's {@code quartz:omeda/refresh}; null where it does not run (a follower). */
    private Trigger trigger() {
        try {
            QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
            return quartz == null || quartz.getScheduler() == null ? null
                    : quartz.getScheduler().getTrigger(TriggerKey.triggerKey("refresh", "omeda"));
        } catch (Exception e) {
            return null;
        }
    }

    private static String describe(Schedule schedule) {
        if (schedule instanceof Schedule.Period period) {
            return "every " + period.every().toString().substring(2).toLowerCase(Locale.ROOT);
        }
        return ((Schedule.Cron) schedule).expression();
    }

    private Omeda omeda(StatusRates.Rates now) {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (int status : OmedaCalls.NAMED_STATUSES) {
            byStatus.put(String.valueOf(status), calls.answers(status));
        }
        byStatus.put("other", calls.otherAnswers());
        byStatus.put("none", calls.unanswered());
        OmedaCalls.LastError last = calls.lastError();
        LastError lastError = last == null ? null : new LastError(instant(Instant.ofEpochMilli(last.atMillis())),
                last.status() == 0 ? null : last.status(), last.status() >= 500 || last.status() == 0
                        ? circuit.lastFailure().isEmpty() ? last.what() : circuit.lastFailure() : last.what());
        long openSince = circuit.openSince();
        return new Omeda(round(now.callsPerSecond()), round(now.answerP50Millis()), round(now.answerP95Millis()),
                circuit.state().name(), openSince == 0 ? null : instant(Instant.ofEpochMilli(openSince)),
                circuit.openings(), byStatus, calls.answers(429), lastError, appId());
    }

    private AppId appId() {
        if (gate.isRejected()) {
            return new AppId("REJECTED", "Omeda answered 403 (" + gate.rejection() + "): sources are stopped until "
                    + "omeda.app-id is corrected and the service restarted");
        }
        if (calls.answers(200) + calls.answers(404) > 0) {
            return new AppId("ACCEPTED", "Omeda has answered lookups made with it");
        }
        return new AppId("NOT_YET_USED", "no lookup has been answered yet");
    }

    private Channel outputs(StatusRates.Rates now) {
        return new Channel(settings.outputs().uris().stream().map(StatusReport::endpoint).toList(),
                totals.outputsDown(), millis(now.lastRecordsWrite()), totals.outputFailures(),
                totals.lastOutputFailure());
    }

    private Channel deadLetterChannel(StatusRates.Rates now) {
        return new Channel(List.of(endpoint(settings.outputs().deadLetterUri())), totals.deadLetterChannelDown(),
                millis(now.lastDeadLetterWrite()), totals.deadLetterFailures(), totals.lastDeadLetterFailure());
    }

    private Held held() {
        Map<String, Long> bySource = new LinkedHashMap<>();
        for (String source : Totals.SOURCES) {
            bySource.put(source, totals.held(source));
        }
        return new Held(totals.held(), bySource);
    }

    private DeadLetters deadLetters() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        long retryable = 0;
        for (Reason reason : Reason.values()) {
            long count = totals.deadLettered(reason);
            byReason.put(reason.name(), count);
            if (RETRYABLE.contains(reason)) {
                retryable += count;
            }
        }
        Path file = deadLetterFile(settings.outputs().deadLetterUri());
        String command = file == null ? null : REPLAY + file;
        String note = file == null
                ? "replay reads a file of dead letters; omeda.dead-letter.uri is not one file, so give replay a file "
                        + "holding those dead letters"
                : "looks up again the dead letters of " + RETRYABLE.stream().map(Reason::name)
                        .collect(Collectors.joining(", ")) + " (replay's default); --reasons chooses others";
        return new DeadLetters(totals.deadLettered(), byReason, retryable, totals.history().deadLetters(), command,
                note);
    }

    /** The reasons {@code replay} retries unless told otherwise: passing trouble, not the input's fault. */
    static final List<Reason> RETRYABLE = List.of(Reason.SERVER_ERROR, Reason.UNREACHABLE, Reason.RATE_LIMITED);

    /**
     * The file a {@code file:} dead-letter URI writes, relative to the working directory as replay reads it; null
     * for another scheme or a file name made of expressions.
     */
    static Path deadLetterFile(String uri) {
        if (!uri.startsWith("file:")) {
            return null;
        }
        String rest = uri.substring("file:".length());
        int query = rest.indexOf('?');
        String dir = (query < 0 ? rest : rest.substring(0, query)).replaceFirst("^//", "");
        String fileName = null;
        if (query >= 0) {
            try {
                Object name = URISupport.parseQuery(rest.substring(query + 1)).get("fileName");
                fileName = name == null ? null : name.toString();
            } catch (Exception e) {
                return null;
            }
        }
        if (fileName == null || fileName.contains("$") || fileName.contains("{")) {
            return null;
        }
        return Path.of(dir).resolve(fileName);
    }

    /**
     * An endpoint as the page shows it: its scheme and path, never its options or user info, where a password or
     * key may be.
     */
    static String endpoint(String uri) {
        String withoutQuery = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        try {
            URI parsed = URI.create(withoutQuery);
            if (parsed.getRawUserInfo() != null) {
                return withoutQuery.replace(parsed.getRawUserInfo() + "@", "");
            }
        } catch (IllegalArgumentException notAnUri) {
            // a Camel URI need not be a valid java.net.URI (a SQL statement); it has no user info then
        }
        return withoutQuery;
    }

    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 10) / 10.0;
    }

    private static String millis(Long at) {
        return at == null ? null : instant(Instant.ofEpochMilli(at));
    }

    private static String instant(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
