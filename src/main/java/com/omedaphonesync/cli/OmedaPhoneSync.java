package com.omedaphonesync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.PropertyBindingException;

import com.omedaphonesync.PhoneSyncApp;
import com.omedaphonesync.config.ConfigException;
import com.omedaphonesync.config.ConfigLoader;
import com.omedaphonesync.config.Settings;

/** {@code bin/omeda-phone-sync [run|check|batch FILE...|replay FILE|demo|simulate] [--config FILE] [--key=value...]} */
public final class OmedaPhoneSync {
    static final String USAGE = """
            Usage: bin/omeda-phone-sync [COMMAND] [--config FILE] [--key=value ...]
                   (run from the distribution's folder, which holds config/ and routes/)

            Commands:
              run              the service: starts the enabled sources, runs until SIGTERM/SIGINT (default)
              batch FILE...    looks up the ids of the given files once and exits:
                               0 all enriched or dead-lettered as NOT_FOUND/INVALID_ID, 1 other dead letters,
                               2 usage or configuration error, 3 Omeda rejected the app id (403)
              check            validates the configuration, proves the app id with one lookup of a made-up id,
                               checks that every output and the dead-letter channel can be written and the
                               broker reached (queue source on): 0 all fine, 1 something cannot be reached or
                               written (Omeda unreachable included), 2 configuration error, 3 app id rejected
              replay DEAD_LETTER_FILE [--reasons SERVER_ERROR,UNREACHABLE,RATE_LIMITED]
                               looks the ids of those dead letters up again (those three reasons by default),
                               each under its own brand and source; exit codes as batch
              demo             a self-contained tour: simulator, embedded broker, all three sources
              simulate         runs the built-in Omeda simulator alone (--simulator.port=8089 ...);
                               --simulator.generation=N serves its data as changed N times (0: the base data)

            Options:
              --config FILE    a properties file read after config/application.properties
              --key=value      any configuration key, e.g. --omeda.brand=FOO (wins over everything else)
              --help, --version

            Configuration keys, their defaults and environment variables: see README.md, in the distribution's
            top folder (beside bin/).""";

    private final Path workDir;
    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    OmedaPhoneSync(Path workDir, Map<String, String> environment, PrintStream out, PrintStream err) {
        this.workDir = workDir;
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new OmedaPhoneSync(Path.of(""), System.getenv(), System.out, System.err).execute(args));
    }

    int execute(String... args) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (Arguments.UsageException e) {
            err.println("omeda-phone-sync: " + e.getMessage());
            err.println(USAGE);
            return ExitCode.USAGE;
        }
        if (arguments.help()) {
            out.println(USAGE);
            return ExitCode.OK;
        }
        if (arguments.version()) {
            out.println("omeda-phone-sync " + version());
            return ExitCode.OK;
        }
        if (arguments.reasons() != null && !"replay".equals(arguments.command())) {
            err.println("omeda-phone-sync: --reasons belongs to replay");
            return ExitCode.USAGE;
        }
        try {
            return switch (arguments.command()) {
                case "run" -> run(arguments);
                case "batch" -> new BatchCommand(out, err).execute(arguments.files(), load(arguments), workDir);
                case "check" -> new CheckCommand(out, err).execute(load(arguments));
                case "replay" -> new ReplayCommand(out, err).execute(arguments.files(), arguments.reasons(),
                        load(arguments), workDir);
                case "demo" -> new DemoCommand(out, err).execute(workDir, load(arguments));
                case "simulate" -> new SimulateCommand(out).execute(load(arguments));
                default -> {
                    err.println("omeda-phone-sync: unknown command '" + arguments.command() + "'");
                    err.println(USAGE);
                    yield ExitCode.USAGE;
                }
            };
        } catch (RuntimeException e) {
            ConfigException config = configError(e);
            if (config != null) {
                err.println("omeda-phone-sync: " + config.getMessage());
                return ExitCode.USAGE;
            }
            throw e;
        }
    }

    private int run(Arguments arguments) {
        Properties properties = load(arguments);
        Settings settings = Settings.from(properties);
        ManagementPort.checkFree(properties);
        PhoneSyncApp app = new PhoneSyncApp(settings, properties, PhoneSyncApp.Mode.RUN);
        try {
            app.run();
            return ExitCode.OK;
        } catch (Exception e) {
            ConfigException config = configError(e);
            if (config != null) {
                throw config;
            }
            err.println("omeda-phone-sync: " + e.getMessage());
            return ExitCode.FAILED;
        }
    }

    private Properties load(Arguments arguments) {
        return ConfigLoader.load(workDir, arguments.configFile(), environment, arguments.settings());
    }

    /**
     * A configuration error anywhere in the causes, e.g. an output URI rejected while Camel starts, or a
     * {@code camel.*} option Camel could not set (named without its value, which may be a password).
     */
    static ConfigException configError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigException config) {
                return config;
            }
            if (t instanceof PropertyBindingException binding) {
                String key = binding.getOptionPrefix() != null && binding.getOptionKey() != null
                        ? binding.getOptionPrefix() + "." + binding.getOptionKey() : binding.getPropertyName();
                return new ConfigException("Configuration error: Camel cannot set " + key
                        + (binding.getCause() != null ? " (" + binding.getCause().getMessage() + ")" : ""), binding);
            }
        }
        return null;
    }

    static String version() {
        String version = OmedaPhoneSync.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}
