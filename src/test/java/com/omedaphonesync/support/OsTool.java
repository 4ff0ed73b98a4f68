package com.omedaphonesync.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program of the operating system that a test runs (Debian's {@code chromium}, {@code promtool},
 * {@code prometheus}), found on the PATH. A missing one fails the test with what to do: such tests are never
 * skipped, or a build without them would pass having checked nothing.
 */
public final class OsTool {
    private OsTool() {
    }

    /** The program's path; fails naming {@code ./run-tests}, which installs it, and its Debian package. */
    public static Path require(String program, String debianPackage) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return fail(program + " is not on the PATH. Run the build with ./run-tests, which installs the Debian "
                + "package " + debianPackage + " when it is missing, or install it yourself: apt-get install -y "
                + debianPackage);
    }
}
