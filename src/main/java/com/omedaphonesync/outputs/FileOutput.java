package com.omedaphonesync.outputs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Expression;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.support.DefaultExchange;

/**
 * A {@code file:} output: appends each customer's lines to the file named by the endpoint's directory and
 * {@code fileName} in one write to an {@link OpenFile}, kept open between writes (opening and closing a file per
 * customer would cost more than the lookup itself at high rates). A CSV file gets its header when it is empty.
 * Outputs naming the same file share one {@link OpenFile}, so that its lock keeps their lines apart too.
 */
final class FileOutput implements Output {
    private static final Map<Path, OpenFile> OPEN = new ConcurrentHashMap<>();

    private final FileEndpoint endpoint;
    private final Path directory;
    private final Expression fileName;
    private final String header;
    private final String terminator;
    private final Set<Path> used = ConcurrentHashMap.newKeySet();
    /** The file of the last write; a {@code fileName} with a date in it moves on to a new one. */
    private volatile Named current;

    private record Named(String name, OpenFile file) {
    }

    /**
     * @param header the line to start an empty file with, or null
     */
    FileOutput(FileEndpoint endpoint, String header, String terminator) {
        this.endpoint = endpoint;
        this.directory = endpoint.getFile().toPath();
        this.fileName = endpoint.getFileName();
        this.header = header == null ? null : header + terminator;
        this.terminator = terminator;
    }

    @Override
    public void write(List<String> lines) throws Exception {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder(lines.size() * 300);
        for (String line : lines) {
            text.append(line).append(terminator);
        }
        target().append(text, header);
    }

    private OpenFile target() {
        String name = fileName.evaluate(new DefaultExchange(endpoint.getCamelContext()), String.class);
        Named last = current;
        if (last != null && last.name().equals(name)) {
            return last.file();
        }
        Path path = directory.resolve(name).toAbsolutePath().normalize();
        OpenFile file = OPEN.computeIfAbsent(path, OpenFile::new);
        used.add(path);
        current = new Named(name, file);
        if (last != null && !last.file().path().equals(path)) {
            // a rolled-over name: the previous file is finished, unless another output still writes it
            last.file().close();
        }
        return file;
    }

    /** Closes every file this output wrote; another output naming one of them opens it again when it writes. */
    @Override
    public void close() {
        current = null;
        for (Path path : used) {
            OpenFile file = OPEN.remove(path);
            if (file != null) {
                file.close();
            }
        }
        used.clear();
    }
}
