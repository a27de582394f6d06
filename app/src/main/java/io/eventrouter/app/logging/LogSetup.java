package io.eventrouter.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Configures logging in code: human-readable lines by default, JSON lines with {@code --log-json}, on stderr. */
public final class LogSetup {

    /**
     * Libraries that are chatty at INFO; their warnings still show. fabric8's informers warn with a stack trace on
     * every retry of a failed watch; the knative module logs one clear line per failure instead.
     */
    private static final Map<String, Level> QUIET = Map.of(
            "org.apache.kafka", Level.WARN,
            "software.amazon.awssdk", Level.WARN,
            "org.apache.http", Level.WARN,
            "io.fabric8", Level.WARN,
            "io.fabric8.kubernetes.client.informers", Level.ERROR,
            // Its elector logs every failed try with a stack trace; the kubernetes module reports them, once each.
            "io.fabric8.kubernetes.client.extended.leaderelection", Level.OFF,
            "okhttp3", Level.WARN);

    /**
     * Libraries whose debug output shows HTTP headers and bodies as they travel (Basic credentials, tokens, event
     * data): they stay at INFO with {@code --log-level debug} too, so that secrets reach no log at any level.
     */
    private static final Map<String, Level> WIRE_LEVEL = Map.of(
            "org.eclipse.jetty", Level.INFO,
            "org.apache.http.wire", Level.INFO,
            "org.apache.http.headers", Level.INFO,
            "io.fabric8.kubernetes.client.http", Level.INFO,
            "okhttp3", Level.INFO);

    private LogSetup() {
    }

    /** @param level debug, info, warn or error */
    public static void configure(String level, boolean json) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setTarget("System.err");
        appender.setEncoder(encoder(context, json));
        appender.start();
        root(context, level).addAppender(appender);
    }

    /**
     * Logs to {@code file} at {@code level}, and only errors to stderr too: for commands whose terminal output is
     * their own (the quickstart prints events there).
     */
    public static void configureToFile(String level, Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        FileAppender<ILoggingEvent> toFile = new FileAppender<>();
        toFile.setContext(context);
        toFile.setFile(file.toString());
        toFile.setEncoder(encoder(context, false));
        toFile.start();
        ThresholdFilter errors = new ThresholdFilter();
        errors.setLevel(Level.ERROR.levelStr);
        errors.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setTarget("System.err");
        console.setEncoder(encoder(context, false));
        console.addFilter(errors);
        console.start();
        ch.qos.logback.classic.Logger root = root(context, level);
        root.addAppender(toFile);
        root.addAppender(console);
    }

    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
        Layout<ILoggingEvent> layout;
        if (json) {
            layout = new JsonLogLayout();
        } else {
            PatternLayout pattern = new PatternLayout();
            pattern.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}: %msg%n%ex{short}");
            layout = pattern;
        }
        layout.setContext(context);
        layout = new RedactingLayout(layout);
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    private static ch.qos.logback.classic.Logger root(LoggerContext context, String level) {
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
        if (!level.equalsIgnoreCase("debug")) {
            QUIET.forEach((name, quiet) -> context.getLogger(name).setLevel(quiet));
        } else {
            WIRE_LEVEL.forEach((name, quiet) -> context.getLogger(name).setLevel(quiet));
        }
        return root;
    }
}
