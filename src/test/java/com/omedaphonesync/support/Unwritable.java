package com.omedaphonesync.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes a folder that this JVM cannot write into: read-only (mode r-x) for an ordinary user; root writes
 * through any mode, so there a regular file takes the folder's place, which no file can be created below
 * either. {@link #restore} makes it a writable folder again.
 */
public final class Unwritable {
    private Unwritable() {
    }

    /** Makes {@code folder} (created if missing) unwritable and returns a description of how. */
    public static String folder(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!canWrite(folder)) {
            return "read-only";
        }
        try (var entries = Files.list(folder)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalStateException(folder + " is not empty: cannot put a file in its place");
            }
        }
        Files.delete(folder);
        Files.writeString(folder, "a regular file where a folder should be");
        return "a file in its place";
    }

    public static void restore(Path folder) throws IOException {
        if (Files.isRegularFile(folder)) {
            Files.delete(folder);
        }
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean canWrite(Path folder) {
        try {
            Files.delete(Files.createTempFile(folder, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
