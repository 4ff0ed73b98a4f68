package com.omedaphonesync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * What {@code java -jar JAR} needs and reads from the jar itself: the libraries its manifest's {@code Class-Path}
 * names, relative to the jar's folder (the build puts them in {@code lib/} beside the jar), and the manifest
 * attributes that change how the JVM starts (the main class, a launcher agent, opened packages...).
 */
final class JarLaunch {
    /** Attributes that only describe the build; any other could make the two jars' JVMs differ. */
    private static final Set<String> DESCRIPTIVE = Set.of("Manifest-Version", "Created-By", "Build-Jdk-Spec",
            "Build-Jdk", "Built-By", "Class-Path");

    private JarLaunch() {
    }

    /** Why {@code java -jar jar} would not run as built, each a line for the operator; empty when it would. */
    static List<String> problems(Path jar) {
        if (jar == null) {
            return List.of("No jar given");
        }
        if (!Files.isRegularFile(jar)) {
            return List.of("No " + jar + ": build it first (mvn -B -q package -DskipTests)");
        }
        List<String> problems = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            String classPath = file.getManifest() == null ? null
                    : file.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            Path folder = jar.toAbsolutePath().getParent();
            List<String> missing = classPath == null ? List.of()
                    : List.of(classPath.trim().split("\\s+")).stream()
                            .filter(entry -> !Files.exists(folder.resolve(entry))).toList();
            if (!missing.isEmpty()) {
                problems.add(jar + ": " + missing.size() + " of the libraries its manifest names are not beside it"
                        + " (first: " + folder.resolve(missing.get(0)) + "). Give the jar of a full build, with its"
                        + " lib/ folder, e.g. git worktree add /tmp/old REV && (cd /tmp/old && mvn -q -DskipTests"
                        + " package), then --compare=/tmp/old/target/omeda-phone-sync.jar");
            }
        } catch (IOException e) {
            problems.add(jar + " cannot be read as a jar: " + e);
        }
        return problems;
    }

    /** The jar's path and when it was built. */
    static String describe(Path jar) {
        try {
            return jar + " (built " + Files.getLastModifiedTime(jar).toInstant().truncatedTo(ChronoUnit.SECONDS)
                    + ")";
        } catch (IOException e) {
            return jar.toString();
        }
    }

    /** "same (...)" when both jars start the JVM alike, else what differs. */
    static String compareLaunchAttributes(Path self, Path other) throws IOException {
        Map<String, String> mine = launchAttributes(self);
        Map<String, String> theirs = launchAttributes(other);
        return mine.equals(theirs) ? "same " + mine : "DIFFER: this " + mine + ", other " + theirs;
    }

    private static Map<String, String> launchAttributes(Path jar) throws IOException {
        Map<String, String> attributes = new TreeMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getManifest() != null) {
                file.getManifest().getMainAttributes().forEach((name, value) -> {
                    if (!DESCRIPTIVE.contains(name.toString())) {
                        attributes.put(name.toString(), value.toString());
                    }
                });
            }
        }
        return attributes;
    }
}
