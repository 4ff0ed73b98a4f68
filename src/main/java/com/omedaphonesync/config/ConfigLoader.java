package com.omedaphonesync.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Merges the configuration layers of SPEC.md section 3, later wins: built-in defaults, then
 * {@code config/application.properties} in the working directory, then the {@code --config} file, then
 * environment variables, then {@code --key=value} arguments.
 */
public final class ConfigLoader {
    public static final Path DEFAULT_FILE = Path.of("config", "application.properties");

    private ConfigLoader() {
    }

    /**
     * @param configFile the {@code --config} file, or null
     */
    public static Properties load(Path workDir, Path configFile, Map<String, String> environment,
            Map<String, String> commandLine) {
        Properties merged = new Properties();
        for (Key key : Key.values()) {
            if (key.defaultValue() != null) {
                merged.setProperty(key.property(), key.defaultValue());
            }
        }
        Path defaultFile = workDir.resolve(DEFAULT_FILE);
        if (Files.isRegularFile(defaultFile)) {
            merged.putAll(read(defaultFile, defaultFile.toString()));
        }
        if (configFile != null) {
            merged.putAll(read(workDir.resolve(configFile), "--config " + configFile));
        }
        for (Key key : Key.values()) {
            String value = environment.get(key.environmentVariable());
            if (value != null) {
                merged.setProperty(key.property(), value);
            }
        }
        merged.putAll(commandLine);
        return merged;
    }

    private static Properties read(Path file, String label) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(label + ": cannot read configuration file (" + e.getMessage() + ")", e);
        }
        properties.replaceAll((k, v) -> v.toString().strip());
        return properties;
    }
}
