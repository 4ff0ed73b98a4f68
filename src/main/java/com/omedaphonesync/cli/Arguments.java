package com.omedaphonesync.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: a command, its file arguments, {@code --config FILE}, {@code --key=value} settings, and
 * replay's {@code --reasons R1,R2} (null when not given).
 */
record Arguments(String command, List<String> files, Path configFile, Map<String, String> settings, boolean help,
        boolean version, String reasons) {

    /** @throws UsageException for anything that is not one of those */
    static Arguments parse(String... args) {
        String command = null;
        List<String> files = new ArrayList<>();
        Path configFile = null;
        Map<String, String> settings = new LinkedHashMap<>();
        boolean help = false;
        boolean version = false;
        String reasons = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.equals("--version")) {
                version = true;
            } else if (arg.equals("--config")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--config needs a file");
                }
                configFile = Path.of(args[++i]);
            } else if (arg.startsWith("--config=")) {
                configFile = Path.of(arg.substring("--config=".length()));
            } else if (arg.equals("--reasons")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--reasons needs a list, e.g. SERVER_ERROR,UNREACHABLE");
                }
                reasons = args[++i];
            } else if (arg.startsWith("--reasons=")) {
                reasons = arg.substring("--reasons=".length());
            } else if (arg.startsWith("--") && arg.indexOf('=') > 2) {
                int eq = arg.indexOf('=');
                settings.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (arg.startsWith("-")) {
                throw new UsageException("unknown option " + arg);
            } else if (command == null) {
                command = arg;
            } else {
                files.add(arg);
            }
        }
        return new Arguments(command == null ? "run" : command, files, configFile, settings, help, version, reasons);
    }

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
