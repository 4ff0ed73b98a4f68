package com.omedaphonesync.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the configuration layers of SPEC.md section 3, later wins: built-in defaults, then
 * {@code config/application.properties} in the working directory, then the {@code --config} file, then
 * environment variables, then {@code --key=value} arguments. A key of a file or of the command line that
 * nothing reads is refused ({@link UnknownKeys}).
 */
public final class ConfigLoader {
    public static final Path DEFAULT_FILE = Path.of("config", "application.properties");
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {
    }

    /**
     * @param configFile the {@code --config} file, or null
     * @throws ConfigException for a file that cannot be read, or naming every unknown key
     */
    public static Properties load(Path workDir, Path configFile, Map<String, String> environment,
            Map<String, String> commandLine) {
        Properties merged = new Properties();
        for (Key key : Key.values()) {
            if (key.defaultValue() != null) {
                merged.setProperty(key.property(), key.defaultValue());
            }
        }
        List<String> unknown = new ArrayList<>();
        Path defaultFile = workDir.resolve(DEFAULT_FILE);
        if (Files.isRegularFile(defaultFile)) {
            Properties file = read(defaultFile, defaultFile.toString());
            unknown.addAll(UnknownKeys.in(file.keySet(), "in " + DEFAULT_FILE));
            merged.putAll(file);
        }
        if (configFile != null) {
            Properties file = read(workDir.resolve(configFile), "--config " + configFile);
            unknown.addAll(UnknownKeys.in(file.keySet(), "in " + configFile));
            merged.putAll(file);
        }
        for (Key key : Key.values()) {
            String value = environment.get(key.environmentVariable());
            if (value != null) {
                merged.setProperty(key.property(), value);
            }
        }
        unknown.addAll(UnknownKeys.in(commandLine.keySet(), "on the command line"));
        if (!unknown.isEmpty()) {
            throw new ConfigException("Configuration error" + (unknown.size() > 1 ? "s" : "") + ":\n  "
                    + String.join("\n  ", unknown));
        }
        UnknownKeys.inEnvironment(environment).forEach(LOG::warn);
        merged.putAll(commandLine);
        return merged;
    }

    private static Properties read(Path file, String label) {
        if (Files.isDirectory(file)) {
            throw new ConfigException(label + ": is a directory, not a properties file");
        }
        if (!Files.exists(file)) {
            throw new ConfigException(label + ": no such file (" + file.toAbsolutePath() + ")");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (AccessDeniedException e) {
            throw new ConfigException(label + ": cannot be read, permission denied for this user", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(label + ": is not UTF-8 text", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(label + ": cannot read configuration file (" + e.getMessage() + ")", e);
        }
        properties.replaceAll((k, v) -> v.toString().strip());
        return properties;
    }
}
