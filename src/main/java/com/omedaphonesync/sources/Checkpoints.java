package com.omedaphonesync.sources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes files resumable: while a file's ids are looked up, how many of its leading ids have their outcome is
 * saved beside it every second and when its run ends unfinished, so that after a crash or a shutdown the file
 * is not looked up again from the start, only from its last checkpoint on. That bounds the ids a crash
 * repeats to those finished since the last save, plus those finished out of order beyond the first unfinished
 * one. The checkpoint is deleted once the file has its fate (moved to {@code .done/} or {@code .error/}, or
 * a batch finished it). A checkpoint written for another version of the file is ignored.
 */
public final class Checkpoints extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final Duration EVERY = Duration.ofSeconds(1);

    private final Set<Checkpoint> open = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService saver;

    /**
     * The checkpoint of a file about to be read, resuming after the ids its saved checkpoint says are done
     * (none when there is none or it does not match the file); null when the file's folder is not writable,
     * so a checkpoint could not be kept there.
     */
    public Checkpoint open(Path file) {
        if (!Files.isWritable(file.toAbsolutePath().getParent())) {
            LOG.debug("No checkpoint for {}: its folder is not writable", file);
            return null;
        }
        try {
            Checkpoint checkpoint = Checkpoint.of(file, resumeAfter(file));
            open.add(checkpoint);
            return checkpoint;
        } catch (IOException e) {
            LOG.warn("No checkpoint for {}: {}", file.getFileName(), e.toString());
            return null;
        }
    }

    /** The file has its fate: its checkpoint goes. */
    public void done(Checkpoint checkpoint) {
        if (checkpoint == null) {
            return;
        }
        open.remove(checkpoint);
        try {
            checkpoint.delete();
        } catch (IOException e) {
            LOG.warn("Could not delete the checkpoint {}: {}", checkpoint.location(), e.toString());
        }
    }

    /** The file's run ended; unless it is done, what it finished is saved for the next try. */
    public void close(Checkpoint checkpoint) {
        if (checkpoint == null) {
            return;
        }
        open.remove(checkpoint);
        save(checkpoint);
    }

    private static long resumeAfter(Path file) throws IOException {
        Path at = Checkpoint.location(file);
        Checkpoint.Saved saved;
        try {
            saved = Checkpoint.Saved.read(at);
        } catch (NoSuchFileException none) {
            return 0;
        } catch (IOException unusable) {
            LOG.warn("Ignoring the checkpoint {} ({}): {} is read from its first id", at, unusable.getMessage(),
                    file.getFileName());
            Files.deleteIfExists(at);
            return 0;
        }
        if (!saved.matches(file)) {
            LOG.warn("Ignoring the checkpoint {}: it was written for another version of {} (size or modification "
                    + "time differ), which is read from its first id", at, file.getFileName());
            Files.deleteIfExists(at);
            return 0;
        }
        LOG.info("Resuming {} after {} ids: their outcomes were written by an earlier run", file.getFileName(),
                saved.ids());
        return saved.ids();
    }

    private void save(Checkpoint checkpoint) {
        if (!checkpoint.mayWrite()) {
            LOG.debug("Not saving the checkpoint {}: this instance no longer leads", checkpoint.location());
            return;
        }
        try {
            checkpoint.save();
        } catch (IOException e) {
            // only costs repeats after a crash: the file is read from the last checkpoint that was saved
            LOG.warn("Could not save the checkpoint {}: {}", checkpoint.location(), e.toString());
        }
    }

    @Override
    protected void doStart() {
        saver = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "omeda-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        saver.scheduleWithFixedDelay(() -> open.forEach(this::save), EVERY.toMillis(), EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Runs after the routes have stopped: files cut off by the shutdown timeout keep what they finished. */
    @Override
    protected void doStop() throws InterruptedException {
        if (saver != null) {
            saver.shutdown();
            saver.awaitTermination(EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
        open.forEach(this::save);
    }
}
