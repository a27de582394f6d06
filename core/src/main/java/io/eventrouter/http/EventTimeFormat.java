package io.eventrouter.http;

import io.cloudevents.types.Time;

import java.time.OffsetDateTime;

/**
 * Writes a CloudEvent's time as the CloudEvents SDK does ({@code DateTimeFormatter.ISO_OFFSET_DATE_TIME}), by hand
 * for four-digit years and whole-minute offsets, which is every time a vCenter or a webhook sender gives: the SDK's
 * formatter was a visible part of sending an event. Any other time is the SDK's to write.
 */
final class EventTimeFormat {

    private EventTimeFormat() {
    }

    static String format(OffsetDateTime time) {
        int year = time.getYear();
        int offsetSeconds = time.getOffset().getTotalSeconds();
        if (year < 0 || year > 9999 || offsetSeconds % 60 != 0) {
            return Time.writeTime(time);
        }
        StringBuilder text = new StringBuilder(35);
        digits(text, year, 4).append('-');
        digits(text, time.getMonthValue(), 2).append('-');
        digits(text, time.getDayOfMonth(), 2).append('T');
        digits(text, time.getHour(), 2).append(':');
        digits(text, time.getMinute(), 2).append(':');
        digits(text, time.getSecond(), 2);
        int nano = time.getNano();
        if (nano != 0) {
            // as many digits as the fraction needs: trailing zeros are left out
            int width = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                width--;
            }
            digits(text.append('.'), nano, width);
        }
        if (offsetSeconds == 0) {
            return text.append('Z').toString();
        }
        int minutes = Math.abs(offsetSeconds) / 60;
        text.append(offsetSeconds < 0 ? '-' : '+');
        digits(text, minutes / 60, 2).append(':');
        return digits(text, minutes % 60, 2).toString();
    }

    /** {@code value} in {@code width} decimal digits, zero-padded. */
    private static StringBuilder digits(StringBuilder text, int value, int width) {
        for (int divisor = pow10(width - 1); divisor > 0; divisor /= 10) {
            text.append((char) ('0' + value / divisor % 10));
        }
        return text;
    }

    private static int pow10(int exponent) {
        int value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
