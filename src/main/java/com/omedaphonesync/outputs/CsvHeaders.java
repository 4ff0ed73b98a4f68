package com.omedaphonesync.outputs;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileEndpoint;

/**
 * The step before the outputs in {@code routes/outputs.yaml}: a CSV file output starts with its header line.
 * Camel's file producer has no notion of a header, so the header goes in first, once, under a lock per file: the
 * file's name is evaluated on the exchange as the producer will evaluate it, so a {@code fileName} with a date
 * in it gets a header in each new file. A write that finds the file non-empty only costs a stat.
 */
public final class CsvHeaders {
    private final List<FileEndpoint> files;
    private final String header = RecordLines.csvHeader() + "\r\n";
    private final Map<Path, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param files the file outputs, when the format is CSV; none otherwise
     */
    public CsvHeaders(List<FileEndpoint> files) {
        this.files = List.copyOf(files);
    }

    public void write(Exchange exchange) throws IOException {
        for (FileEndpoint file : files) {
            String name = file.getFileName().evaluate(exchange, String.class);
            Path path = file.getFile().toPath().resolve(name).toAbsolutePath().normalize();
            if (isEmpty(path)) {
                synchronized (locks.computeIfAbsent(path, p -> new Object())) {
                    if (isEmpty(path)) {
                        Files.createDirectories(path.getParent());
                        Charset charset = file.getCharset() == null ? StandardCharsets.UTF_8
                                : Charset.forName(file.getCharset());
                        Files.writeString(path, header, charset, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    }
                }
            }
        }
    }

    private static boolean isEmpty(Path path) throws IOException {
        try {
            return Files.size(path) == 0;
        } catch (NoSuchFileException none) {
            return true;
        }
    }
}
