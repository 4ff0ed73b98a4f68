package com.omedaphonesync.outputs;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.camel.Expression;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.support.DefaultExchange;

/**
 * A {@code file:} output: appends each customer's lines to the file named by the endpoint's directory and
 * {@code fileName} in one write, under a lock per file, so that lines written concurrently never interleave
 * or tear. A CSV file gets its header when it is empty.
 */
final class FileOutput implements Output {
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final FileEndpoint endpoint;
    private final Path directory;
    private final Expression fileName;
    private final String header;
    private final String terminator;

    /**
     * @param header the line to start an empty file with, or null
     */
    FileOutput(FileEndpoint endpoint, String header, String terminator) {
        this.endpoint = endpoint;
        this.directory = endpoint.getFile().toPath();
        this.fileName = endpoint.getFileName();
        this.header = header;
        this.terminator = terminator;
    }

    @Override
    public void write(List<String> lines) throws Exception {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append(terminator));
        Path file = target();
        ReentrantLock lock = LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        lock.lock();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            if (header != null && channel.size() == 0) {
                text.insert(0, header + terminator);
            }
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } finally {
            lock.unlock();
        }
    }

    private Path target() throws Exception {
        String name = fileName.evaluate(new DefaultExchange(endpoint.getCamelContext()), String.class);
        Path file = directory.resolve(name).toAbsolutePath().normalize();
        Files.createDirectories(file.getParent());
        return file;
    }
}
