package com.omedaphonesync.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Puts a file that this JVM can list and stat but not read. A plain file with mode 000 is enough for an
 * ordinary user; root reads through any mode, so there the name becomes a symbolic link to a write-only sysfs
 * attribute (non-empty size, old modification time, opening it for reading fails even for root).
 */
public final class Unreadable {
    private Unreadable() {
    }

    /** Creates {@code file}, unreadable by this process, and returns a description of how. */
    public static String create(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        file.toFile().setLastModified(System.currentTimeMillis() - 10_000);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        if (!canRead(file)) {
            return "mode 000";
        }
        Files.delete(file);
        Path target = writeOnlySysfsAttribute();
        Files.createSymbolicLink(file, target);
        if (!canRead(file) && Files.size(file) > 0) {
            return "link to " + target;
        }
        throw new IllegalStateException("cannot make a file unreadable for this process (root without a "
                + "write-only sysfs attribute at hand)");
    }

    private static boolean canRead(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            in.read();
            return true;
        } catch (AccessDeniedException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** E.g. {@code /sys/bus/cpu/uevent}: mode 0200, exists on every Linux with sysfs. */
    private static Path writeOnlySysfsAttribute() throws IOException {
        Path bus = Path.of("/sys/bus");
        if (Files.isDirectory(bus)) {
            try (DirectoryStream<Path> buses = Files.newDirectoryStream(bus)) {
                for (Path one : buses) {
                    Path uevent = one.resolve("uevent");
                    if (Files.exists(uevent) && !canRead(uevent) && Files.size(uevent) > 0) {
                        return uevent;
                    }
                }
            }
        }
        throw new IllegalStateException("cannot make a file unreadable for this process: running as root and "
                + "no write-only attribute under /sys/bus");
    }
}
