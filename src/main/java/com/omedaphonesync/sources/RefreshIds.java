package com.omedaphonesync.sources;

import java.io.File;
import java.nio.file.Path;

/** The ids file the timer source reads again at each firing ({@code omeda.source.timer.ids-file}). */
public final class RefreshIds {
    private final Path file;

    public RefreshIds(Path file) {
        this.file = file;
    }

    /** The file as the body of a firing: read lazily by the pipeline, a missing one is reported there. */
    public File file() {
        return file.toFile();
    }
}
