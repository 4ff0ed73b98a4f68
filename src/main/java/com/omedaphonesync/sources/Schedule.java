package com.omedaphonesync.sources;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.quartz.CronExpression;

/** When the timer source fires: a Quartz cron expression, or a fixed period such as {@code 15m}. */
public sealed interface Schedule {

    /** The trigger options of the quartz consumer URI that fires on this schedule. */
    String quartzTrigger();

    record Cron(String expression) implements Schedule {
        @Override
        public String quartzTrigger() {
            return "cron=RAW(" + expression + ")";
        }
    }

    /** Fires at start-up, then every {@code every}. */
    record Period(Duration every) implements Schedule {
        @Override
        public String quartzTrigger() {
            return "trigger.repeatInterval=" + every.toMillis() + "&trigger.repeatCount=-1";
        }
    }

    Pattern PERIOD = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    /** @throws IllegalArgumentException when the text is neither a period nor a valid cron expression */
    static Schedule parse(String text) {
        String trimmed = text.strip();
        Matcher period = PERIOD.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (period.matches()) {
            long amount = Long.parseLong(period.group(1));
            Duration every = switch (period.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            if (every.isZero()) {
                throw new IllegalArgumentException("a period must be longer than zero");
            }
            return new Period(every);
        }
        if (trimmed.contains(")") || !CronExpression.isValidExpression(trimmed)) {
            throw new IllegalArgumentException(
                    "'" + text + "' is neither a Quartz cron expression (e.g. '0 0 2 * * ?')"
                            + " nor a period (e.g. '15m')");
        }
        return new Cron(trimmed);
    }
}
