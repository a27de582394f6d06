package io.eventrouter.app.cli;

import java.util.Locale;

/**
 * The original's log levels (zap's, in any case): {@code dpanic}, {@code panic} and {@code fatal}, above
 * {@code error} there, log errors only here (the router never panics or exits on a log line).
 */
public enum LogLevel {
    DEBUG, INFO, WARN, ERROR, DPANIC, PANIC, FATAL;

    /** The level given to the logging set-up: one of debug, info, warn, error. */
    public String loggerLevel() {
        return ordinal() >= ERROR.ordinal() ? "error" : name().toLowerCase(Locale.ROOT);
    }
}
