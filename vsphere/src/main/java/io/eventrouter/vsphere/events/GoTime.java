package io.eventrouter.vsphere.events;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Times as Go's {@code time.Time} writes them in JSON (RFC 3339 with nanoseconds): the fraction without trailing
 * zeros (none at all when it is zero), UTC as {@code Z}, any other offset as {@code ±hh:mm}, as vCenter sent it.
 */
public final class GoTime {

    /** Go's zero {@code time.Time}, which an absent non-pointer time field is written as. */
    public static final String ZERO = "0001-01-01T00:00:00Z";

    private GoTime() {
    }

    /**
     * Rewrites an xsd:dateTime in Go's form.
     *
     * @throws DateTimeParseException when the text is not a date-time
     */
    public static String normalize(String xml) {
        String text = xml.strip();
        String fast = normalizeRfc3339(text);
        return fast != null ? fast : format(parse(text));
    }

    /** Parses an xsd:dateTime; one without an offset is taken as UTC. */
    public static OffsetDateTime parse(String xml) {
        String text = xml.strip();
        String rfc3339 = normalizeRfc3339(text);
        if (rfc3339 != null) {
            return fromRfc3339(rfc3339); // every event has a time: skip the general-purpose parser
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
        }
    }

    public static String format(Instant instant) {
        return format(instant.atOffset(ZoneOffset.UTC));
    }

    public static String format(OffsetDateTime time) {
        StringBuilder out = new StringBuilder(35);
        pad(out, time.getYear(), 4).append('-');
        pad(out, time.getMonthValue(), 2).append('-');
        pad(out, time.getDayOfMonth(), 2).append('T');
        pad(out, time.getHour(), 2).append(':');
        pad(out, time.getMinute(), 2).append(':');
        pad(out, time.getSecond(), 2);
        int nanos = time.getNano();
        if (nanos != 0) {
            StringBuilder fraction = pad(new StringBuilder(9), nanos, 9);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(fraction, 0, end);
        }
        int offset = time.getOffset().getTotalSeconds();
        if (offset == 0) {
            return out.append('Z').toString();
        }
        out.append(offset < 0 ? '-' : '+');
        int minutes = Math.abs(offset) / 60;
        pad(out, minutes / 60, 2).append(':');
        return pad(out, minutes % 60, 2).toString();
    }

    /**
     * The common case without building a date object: {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm)}, which only
     * needs its fraction trimmed (Go keeps at most nine digits) and a zero offset written as Z. Null for anything else.
     */
    private static String normalizeRfc3339(String text) {
        int length = text.length();
        if (length < 20 || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 7)
                || text.charAt(7) != '-' || !digits(text, 8, 10) || text.charAt(10) != 'T' || !digits(text, 11, 13)
                || text.charAt(13) != ':' || !digits(text, 14, 16) || text.charAt(16) != ':' || !digits(text, 17, 19)) {
            return null;
        }
        int pos = 19;
        int fractionEnd = pos;
        if (text.charAt(pos) == '.') {
            pos++;
            while (pos < length && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == 20) {
                return null;
            }
            fractionEnd = Math.min(pos, 29);
            while (fractionEnd > 20 && text.charAt(fractionEnd - 1) == '0') {
                fractionEnd--;
            }
            if (fractionEnd == 20) {
                fractionEnd = 19;
            }
        }
        String zone = text.substring(pos);
        if (!zone.equals("Z")) {
            if (zone.length() != 6 || (zone.charAt(0) != '+' && zone.charAt(0) != '-') || !digits(zone, 1, 3)
                    || zone.charAt(3) != ':' || !digits(zone, 4, 6)) {
                return null;
            }
            if (zone.endsWith("00:00")) {
                zone = "Z";
            }
        }
        if (!validDate(text)) {
            return null;
        }
        return text.substring(0, fractionEnd) + zone;
    }

    /** Builds the time from text that {@link #normalizeRfc3339} accepted. */
    private static OffsetDateTime fromRfc3339(String text) {
        int nanos = 0;
        int pos = 19;
        if (text.charAt(pos) == '.') {
            int digits = 0;
            for (pos++; Character.isDigit(text.charAt(pos)); pos++, digits++) {
                nanos = nanos * 10 + (text.charAt(pos) - '0');
            }
            for (; digits < 9; digits++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset = ZoneOffset.UTC;
        if (text.charAt(pos) != 'Z') {
            int hours = Integer.parseInt(text, pos + 1, pos + 3, 10);
            int minutes = Integer.parseInt(text, pos + 4, pos + 6, 10);
            int sign = text.charAt(pos) == '-' ? -1 : 1;
            offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        }
        return OffsetDateTime.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 5, 7, 10),
                Integer.parseInt(text, 8, 10, 10), Integer.parseInt(text, 11, 13, 10),
                Integer.parseInt(text, 14, 16, 10), Integer.parseInt(text, 17, 19, 10), nanos, offset);
    }

    private static boolean validDate(String text) {
        int month = Integer.parseInt(text, 5, 7, 10);
        int day = Integer.parseInt(text, 8, 10, 10);
        int hour = Integer.parseInt(text, 11, 13, 10);
        int minute = Integer.parseInt(text, 14, 16, 10);
        int second = Integer.parseInt(text, 17, 19, 10);
        // the 29th to 31st take the full parser, which knows how long each month is
        return month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour < 24 && minute < 60 && second < 60;
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
