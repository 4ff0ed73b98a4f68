package com.omedaphonesync.sources;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * How far one file's ids are done, kept beside it in {@code .checkpoint/NAME} (hidden from the drop folder's
 * consumer): the number of leading ids that all have their outcome, and the size and modification time of the
 * file it was written for, so that it never applies to another version of the file. Saved by replacing the
 * whole checkpoint at once, so a crash leaves the previous one or the new one, never half of either.
 */
public final class Checkpoint {
    static final String FOLDER = ".checkpoint";

    private final Path file;
    private final Path at;
    private final long size;
    private final long modified;
    private final long resumeAfter;
    private volatile LongSupplier idsDone;
    private volatile BooleanSupplier mayWrite = () -> true;
    private long saved;
    private boolean closed;

    private Checkpoint(Path file, long size, long modified, long resumeAfter) {
        this.file = file;
        this.at = location(file);
        this.size = size;
        this.modified = modified;
        this.resumeAfter = resumeAfter;
        this.idsDone = () -> resumeAfter;
        this.saved = resumeAfter;
    }

    /** A checkpoint for the file as it is now, starting from the ids {@code resumeAfter} says are done. */
    static Checkpoint of(Path file, long resumeAfter) throws IOException {
        return new Checkpoint(file, Files.size(file), Files.getLastModifiedTime(file).toMillis(), resumeAfter);
    }

    /** Where the checkpoint of {@code file} lives. */
    static Path location(Path file) {
        return file.resolveSibling(FOLDER).resolve(file.getFileName());
    }

    /** Leading ids of the file that an earlier run finished, to be passed over. */
    public long resumeAfter() {
        return resumeAfter;
    }

    /**
     * Where the count of finished leading ids comes from from now on, and while when it may be written: in a
     * cluster, while this instance keeps the lead the file was taken under. One that lost it (and whose file the
     * next leader may already be reading from the last checkpoint) must not move it forward or back.
     */
    public void follow(LongSupplier finishedLeadingIds, BooleanSupplier mandate) {
        idsDone = finishedLeadingIds;
        mayWrite = mandate;
    }

    boolean mayWrite() {
        return mayWrite.getAsBoolean();
    }

    Path location() {
        return at;
    }

    /** Writes how many leading ids are done, when that grew since the last save and the file is not finished. */
    synchronized void save() throws IOException {
        long done = idsDone.getAsLong();
        if (closed || done <= saved) {
            return;
        }
        Files.createDirectories(at.getParent());
        Path next = at.resolveSibling("." + at.getFileName() + ".next");
        Files.writeString(next, "# omeda-phone-sync: the first " + done + " ids of " + file.getFileName()
                + " have their outcome; a restart resumes after them\n"
                + "size=" + size + "\nmodified=" + modified + "\nids=" + done + "\n", StandardCharsets.UTF_8);
        Files.move(next, at, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        saved = done;
    }

    /** The file has its fate: no later save may bring the checkpoint back. */
    synchronized void delete() throws IOException {
        closed = true;
        Files.deleteIfExists(at);
        // the folder goes with its last checkpoint: nothing is left beside a finished input
        try {
            Files.deleteIfExists(at.getParent());
        } catch (DirectoryNotEmptyException othersStillOpen) {
            // another file of the folder is still being read
        }
    }

    /** What a saved checkpoint records; throws when it is not one. */
    record Saved(long size, long modified, long ids) {
        static Saved read(Path at) throws IOException {
            Properties values = new Properties();
            try (Reader in = Files.newBufferedReader(at, StandardCharsets.UTF_8)) {
                values.load(in);
            }
            try {
                Saved saved = new Saved(Long.parseLong(values.getProperty("size", "")),
                        Long.parseLong(values.getProperty("modified", "")),
                        Long.parseLong(values.getProperty("ids", "")));
                if (saved.ids < 0) {
                    throw new IOException("a negative count of ids");
                }
                return saved;
            } catch (NumberFormatException e) {
                throw new IOException("not a checkpoint (size, modified and ids expected)", e);
            }
        }

        boolean matches(Path file) throws IOException {
            return size == Files.size(file) && modified == Files.getLastModifiedTime(file).toMillis();
        }
    }
}
