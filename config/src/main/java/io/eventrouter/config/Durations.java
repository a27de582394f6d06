package io.eventrouter.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as ISO-8601 ({@code PT0.5S}, Knative's form) or Go-style ({@code 500ms}, {@code 1h30m}). */
public final class Durations {

    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private Durations() {
    }

    /** @throws IllegalArgumentException when the text is neither form */
    public static Duration parse(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("P") || trimmed.startsWith("-P")) {
            try {
                return Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 duration");
            }
        }
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        Matcher part = GO_PART.matcher(trimmed);
        int end = 0;
        double nanos = 0;
        while (part.find() && part.start() == end) {
            nanos += Double.parseDouble(part.group(1)) * unitNanos(part.group(2));
            end = part.end();
        }
        if (end == 0 || end != trimmed.length()) {
            throw new IllegalArgumentException("not a duration (use e.g. PT0.5S, 500ms, 10s, 1h30m)");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** Go-style text that {@link #parse} reads back: {@code 20s}, {@code 1h30m}, {@code 0.5s}. */
    public static String format(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
    }
}
