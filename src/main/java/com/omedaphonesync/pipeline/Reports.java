package com.omedaphonesync.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Files each summary as JSON under {@code omeda.report.dir}, one file per batch, dropped file or timer firing. */
public final class Reports {
    private static final Logger LOG = LoggerFactory.getLogger(Reports.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public Reports(Path dir) {
        this.dir = dir;
    }

    /** Writes the report and returns its path; a report that cannot be written is logged, not fatal. */
    public Path write(Summary summary) {
        Path file = dir.resolve(STAMP.format(Instant.now()) + "-" + summary.source().replaceAll("[^A-Za-z0-9._-]", "_")
                + ".json");
        try {
            Files.createDirectories(dir);
            JSON.writeValue(file.toFile(), summary);
            return file;
        } catch (IOException e) {
            LOG.warn("Cannot write the report {}: {}", file, e.getMessage());
            return null;
        }
    }
}
