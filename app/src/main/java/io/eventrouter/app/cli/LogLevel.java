package io.eventrouter.app.cli;

/** The original's log levels. */
public enum LogLevel {
    DEBUG, INFO, WARN, ERROR
}
