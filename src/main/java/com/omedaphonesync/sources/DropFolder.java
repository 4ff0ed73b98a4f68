package com.omedaphonesync.sources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.lookup.AppIdRejectedException;

/**
 * Files a dropped file once its fate is known: into {@code .done/} when every id in it has its outcome, into
 * {@code .error/} with a {@code .reason} file beside it when it could not be read or Omeda rejected the app id.
 * A file whose ids could not all be finished for another reason (an output down, shutdown) stays where it is
 * and is read again at the next poll.
 */
public final class DropFolder {
    private static final Logger LOG = LoggerFactory.getLogger(DropFolder.class);

    public void moveToDone(Exchange exchange) throws IOException {
        Path file = file(exchange);
        move(file, file.resolveSibling(".done"));
    }

    public void moveToError(Exchange exchange) throws IOException {
        Path file = file(exchange);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause instanceof AppIdRejectedException
                ? "Omeda rejected the app id: " + cause.getMessage() + "\nNo id of this file was dead-lettered."
                        + " Correct omeda.app-id, restart, and move this file back into the drop folder.\n"
                : "The file could not be read: " + (cause == null ? "unknown cause" : cause.getMessage()) + "\n";
        Path moved = move(file, file.resolveSibling(".error"));
        Files.writeString(moved.resolveSibling(moved.getFileName() + ".reason"),
                Instant.now() + " " + reason, StandardCharsets.UTF_8);
        LOG.error("Moved {} to {}: {}", file.getFileName(), moved.getParent(), reason.strip());
    }

    private static Path move(Path file, Path folder) throws IOException {
        Files.createDirectories(folder);
        return Files.move(file, folder.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path file(Exchange exchange) {
        GenericFile<?> file = exchange.getProperty(FileComponent.FILE_EXCHANGE_FILE, GenericFile.class);
        return Path.of(file.getAbsoluteFilePath());
    }
}
