package io.eventrouter.config;

import java.util.Objects;

/**
 * A configuration problem, reported as one line: {@code <file>: <path> (line L, column C): <problem>}.
 * Never carries a stack trace to the user and never quotes a secret.
 */
public final class ConfigException extends Exception {

    private final String file;
    private final String path;
    private final Location location;
    private final String problem;

    public ConfigException(ConfigPath path, Location location, String problem) {
        this(null, path.toString(), location, problem);
    }

    private ConfigException(String file, String path, Location location, String problem) {
        super(problem, null, false, false);
        this.file = file;
        this.path = path;
        this.location = Objects.requireNonNullElse(location, Location.UNKNOWN);
        this.problem = problem;
    }

    /** The first line of a library's message, so that a problem stays one line ({@code fallback} when there is none). */
    public static String firstLine(String message, String fallback) {
        if (message == null || message.isBlank()) {
            return fallback;
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    /**
     * A library's reason for refusing something, as one line for a user: the first message found along the causes,
     * without the Java class names libraries put in their messages.
     */
    public static String reason(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && (cause.getMessage() == null || cause.getMessage().isBlank())) {
            cause = cause.getCause();
        }
        String line = firstLine(cause.getMessage(), "unreadable");
        return line.replaceAll("\\b(?:[a-z][a-z0-9]*\\.)+[A-Z]\\w*(?:Exception|Error)(?::\\s*)?", "").strip();
    }

    /** The same problem, naming the file it was found in. */
    public ConfigException inFile(String fileName) {
        return new ConfigException(fileName, path, location, problem);
    }

    /** The same place with another description of the problem. */
    public ConfigException withProblem(String otherProblem) {
        return new ConfigException(file, path, location, otherProblem);
    }

    public String path() {
        return path;
    }

    public Location location() {
        return location;
    }

    public String problem() {
        return problem;
    }

    @Override
    public String getMessage() {
        StringBuilder line = new StringBuilder();
        if (file != null) {
            line.append(file).append(": ");
        }
        if (!path.isEmpty()) {
            line.append(path);
        }
        if (location.isKnown()) {
            line.append(path.isEmpty() ? "" : " ").append('(').append(location).append(')');
        }
        if (!path.isEmpty() || location.isKnown()) {
            line.append(": ");
        }
        return line.append(problem).toString();
    }
}
