package com.omedaphonesync.support;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/** Keeps the log events that reach the root logger while it is open, for assertions on what was logged. */
public final class LogCapture implements AutoCloseable {
    /** One event: its level, logger and formatted message (with the exception's message, if any). */
    public record Line(Level level, String logger, String message) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final String name = "capture-" + UUID.randomUUID();
    private final AbstractAppender appender;

    public LogCapture() {
        appender = new AbstractAppender(name, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                Throwable thrown = event.getThrown();
                lines.add(new Line(event.getLevel(), event.getLoggerName(), event.getMessage().getFormattedMessage()
                        + (thrown == null ? "" : " " + thrown)));
            }
        };
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(name);
        context.updateLoggers();
        appender.stop();
    }
}
