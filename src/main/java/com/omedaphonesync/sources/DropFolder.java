package com.omedaphonesync.sources;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.lookup.AppIdRejectedException;

/**
 * Files a dropped file once its fate is known: into {@code .done/} when every id in it has its outcome, into
 * {@code .error/} with a {@code .reason} file beside it when it could not be read or Omeda rejected the app id
 * (a file of the same name already there is kept, its name suffixed with the time it was replaced).
 * A file whose ids could not all be finished for another reason (an output down, shutdown) stays where it is
 * and is tried again later, waiting longer after each failure so that a broken output is not hammered. As the
 * file consumer's filter, it hides such files until their next try.
 */
public final class DropFolder implements GenericFileFilter<File> {
    private static final Logger LOG = LoggerFactory.getLogger(DropFolder.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration LAST_RETRY = Duration.ofMinutes(5);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private record Retry(int failures, Instant notBefore) {
    }

    private final Map<String, Retry> retries = new ConcurrentHashMap<>();

    @Override
    public boolean accept(GenericFile<File> file) {
        Retry retry = retries.get(file.getAbsoluteFilePath());
        return retry == null || Instant.now().isAfter(retry.notBefore());
    }

    /** When a file left in place after a failure is tried again; null for a file that has not failed. */
    public Instant nextTry(Path file) {
        Retry retry = retries.get(file.toAbsolutePath().toString());
        return retry == null ? null : retry.notBefore();
    }

    /** A dropped file is taken: which, how big, about how many ids (its lines). */
    public void pickedUp(Exchange exchange) {
        GenericFile<?> file = exchange.getProperty(FileComponent.FILE_EXCHANGE_FILE, GenericFile.class);
        LOG.info("Picked up {} ({} bytes, about {} ids)", file.getFileName(), file.getFileLength(),
                IdCount.lines(Path.of(file.getAbsoluteFilePath())));
    }

    public void moveToDone(Exchange exchange) throws IOException {
        Path file = file(exchange);
        move(file, file.resolveSibling(".done"));
        retries.remove(file.toString());
    }

    public void moveToError(Exchange exchange) throws IOException {
        Path file = file(exchange);
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        AppIdRejectedException rejected = ObjectHelper.getException(AppIdRejectedException.class, caught);
        String reason = rejected != null
                ? "Omeda rejected the app id: " + rejected.getMessage() + "\nNo id of this file was dead-lettered."
                        + " Correct omeda.app-id, restart, and move this file back into the drop folder.\n"
                : "The file could not be read: " + (caught == null ? "unknown cause" : caught.getMessage()) + "\n";
        Path moved = move(file, file.resolveSibling(".error"));
        retries.remove(file.toString());
        Files.writeString(moved.resolveSibling(moved.getFileName() + ".reason"), Instant.now() + " " + reason,
                StandardCharsets.UTF_8);
        LOG.error("Moved {} to {}: {}", file.getFileName(), moved.getParent(), reason.strip());
    }

    /** Leaves the file in place and hides it from the next polls for a while. */
    public void retryLater(Exchange exchange) {
        Path file = file(exchange);
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Retry retry = retries.merge(file.toString(), new Retry(1, Instant.now().plus(FIRST_RETRY)),
                (previous, first) -> {
                    int failures = previous.failures() + 1;
                    Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 10));
                    return new Retry(failures, Instant.now().plus(wait.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait));
                });
        LOG.warn("{} stays in the drop folder, not every id in it was finished ({}); next try at {}",
                file.getFileName(), caught == null ? "unknown cause" : caught.getMessage(), retry.notBefore());
    }

    /** Moves the file into the folder under its own name; an earlier file of that name is kept, renamed. */
    private static Path move(Path file, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(file.getFileName());
        if (Files.exists(target)) {
            String aside = target.getFileName() + "." + STAMP.format(Instant.now());
            Files.move(target, target.resolveSibling(aside));
            Path reason = target.resolveSibling(target.getFileName() + ".reason");
            if (Files.exists(reason)) {
                Files.move(reason, target.resolveSibling(aside + ".reason"));
            }
        }
        return Files.move(file, target);
    }

    private static Path file(Exchange exchange) {
        GenericFile<?> file = exchange.getProperty(FileComponent.FILE_EXCHANGE_FILE, GenericFile.class);
        return Path.of(file.getAbsoluteFilePath());
    }
}
