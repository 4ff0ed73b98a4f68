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
import java.util.concurrent.locks.ReentrantLock;

/**
 * One output file, kept open for appending between writes. Each append is one write under the file's lock, so
 * that concurrent lines never interleave or tear, and goes straight to the file: nothing waits in a buffer
 * that a crash would lose, so a message acknowledged or a file moved after its append has its lines on disk.
 * Before each append the file at the path is checked to still be the one open (one {@code stat}): a file moved
 * away or deleted, by log rotation say, is followed by a new one at the path, not by writes into the old.
 */
final class OpenFile {
    private static final Object GONE = new Object();

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
        // encoding and the stat stay outside the lock that every lookup thread writing this file queues on
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
        Object keyAtPath = keyAtPath();
        lock.lock();
        try {
            FileChannel open = channel(keyAtPath);
            try {
                if (header != null && open.size() == 0) {
                    write(open, StandardCharsets.UTF_8.encode(header));
                }
                write(open, bytes);
            } catch (IOException failed) {
                closeChannel();
                throw failed;
            }
        } finally {
            lock.unlock();
        }
    }

    private static void write(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /**
     * @param keyAtPath the identity of the file at the path, taken just before: a file moved in between gets this
     *        write (it is not lost) and the next write follows to the new file
     */
    private FileChannel channel(Object keyAtPath) throws IOException {
        if (channel != null && keyAtPath != GONE && (keyAtPath == null || keyAtPath.equals(fileKey))) {
            return channel;
        }
        closeChannel();
        Files.createDirectories(path.getParent());
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        return channel;
    }

    /** The identity of the file at the path: null where the platform has none, {@link #GONE} for no file. */
    private Object keyAtPath() throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException noFile) {
            return GONE;
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
