package com.omedaphonesync.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Properties;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

import com.omedaphonesync.PhoneSyncApp;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.observe.StartupCheck;
import com.omedaphonesync.observe.StartupCheck.Finding;
import com.omedaphonesync.observe.StartupCheck.Outcome;

/**
 * {@code check}: the configuration validated, then {@link StartupCheck}'s probes, one line each, without starting
 * any source. Exit 0 all fine; 1 something cannot be reached, read or written (Omeda unreachable or unwell, an
 * output, the dead-letter channel, the broker, the drop folder, the refresh's ids file); 2 a configuration error;
 * 3 Omeda rejected the app id.
 */
final class CheckCommand {
    private static final String CAMEL = "org.apache.camel";
    private final PrintStream out;
    private final PrintStream err;

    CheckCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(Properties properties) {
        Settings settings = Settings.from(properties);
        out.println("OK      configuration");
        // the report is these lines: Camel's start and stop chatter would be mixed into it
        Level camelLevel = LogManager.getLogger(CAMEL).getLevel();
        Configurator.setLevel(CAMEL, Level.WARN);
        try {
            return probe(settings, properties);
        } finally {
            Configurator.setLevel(CAMEL, camelLevel);
        }
    }

    private int probe(Settings settings, Properties properties) {
        PhoneSyncApp app = new PhoneSyncApp(settings, properties, PhoneSyncApp.Mode.BATCH);
        try {
            app.start();
        } catch (Exception e) {
            if (OmedaPhoneSync.configError(e) != null) {
                throw OmedaPhoneSync.configError(e);
            }
            err.println("omeda-phone-sync: cannot start: " + e.getMessage());
            stop(app);
            return ExitCode.FAILED;
        }
        List<Finding> findings;
        try {
            findings = StartupCheck.all(app.context(), settings);
        } finally {
            stop(app);
        }
        findings.forEach(finding -> out.println(finding.line()));
        long problems = findings.stream().filter(f -> f.outcome() != Outcome.OK).count();
        out.println(problems == 0 ? "check: all fine"
                : "check: " + problems + (problems == 1 ? " problem" : " problems"));
        if (findings.stream().anyMatch(f -> f.outcome() == Outcome.APP_ID_REJECTED)) {
            return ExitCode.APP_ID_REJECTED;
        }
        return problems == 0 ? ExitCode.OK : ExitCode.FAILED;
    }

    private void stop(PhoneSyncApp app) {
        try {
            app.stop();
        } catch (Exception e) {
            err.println("omeda-phone-sync: error while stopping: " + e.getMessage());
        }
    }
}
