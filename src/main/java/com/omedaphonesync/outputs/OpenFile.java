package com.omedaphonesync.outputs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One output file, kept open for appending between writes. Each append is one write under the file's lock, so
 * that concurrent lines never interleave or tear, and goes straight to the file: nothing waits in a buffer
 * that a crash would lose, so a message acknowledged or a file moved after its append has its lines on disk.
 * Before each append the file at the path is checked to still be the one open (one {@code stat}): a file moved
 * away or deleted, by log rotation say, is followed by a new one at the path, not by writes into the old.
 */
final class OpenFile {
    private final Path path;
    private final ReentrantLock lock = new ReentrantLock();
    private FileChannel channel;
    /** The identity (device and inode) of the open file; null where the platform has none. */
    private Object fileKey;

    OpenFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /**
     * Appends {@code text}, preceded by {@code header} when the file is empty.
     *
     * @param header null for none
     */
    void append(CharSequence text, String header) throws IOException {
        lock.lock();
        try {
            FileChannel open = channel();
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(header != null && open.size() == 0
                    ? CharBuffer.wrap(header + text) : CharBuffer.wrap(text));
            try {
                while (bytes.hasRemaining()) {
                    open.write(bytes);
                }
            } catch (IOException failed) {
                closeChannel();
                throw failed;
            }
        } finally {
            lock.unlock();
        }
    }

    private FileChannel channel() throws IOException {
        if (channel != null && stillAtPath()) {
            return channel;
        }
        closeChannel();
        Files.createDirectories(path.getParent());
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        return channel;
    }

    private boolean stillAtPath() throws IOException {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return key == null || Objects.equals(key, fileKey);
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    void close() {
        lock.lock();
        try {
            closeChannel();
        } finally {
            lock.unlock();
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // every byte was written before; there is nothing left to lose
            }
            channel = null;
        }
    }
}
