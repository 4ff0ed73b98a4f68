package com.omedaphonesync.pipeline;

import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;

import com.omedaphonesync.sources.Checkpoint;
import com.omedaphonesync.sources.Checkpoints;

/** The checkpoint steps of {@code enrich-file} (routes/ids.yaml): the dropped file's checkpoint, on the exchange. */
public final class FileCheckpoints {
    private final Checkpoints checkpoints;

    public FileCheckpoints(Checkpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    public void open(Exchange exchange) {
        GenericFile<?> file = exchange.getProperty(FileComponent.FILE_EXCHANGE_FILE, GenericFile.class);
        exchange.setProperty(Pipeline.CHECKPOINT, checkpoints.open(Path.of(file.getAbsoluteFilePath())));
    }

    /** The file has its fate: its checkpoint goes. */
    public void done(Exchange exchange) {
        checkpoints.done(exchange.getProperty(Pipeline.CHECKPOINT, Checkpoint.class));
    }

    public void close(Exchange exchange) {
        checkpoints.close(exchange.getProperty(Pipeline.CHECKPOINT, Checkpoint.class));
    }
}
