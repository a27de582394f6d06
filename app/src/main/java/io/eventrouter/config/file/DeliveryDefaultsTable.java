package io.eventrouter.config.file;

import io.eventrouter.config.DeliveryDefaults;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.config.WireEnum;
import io.eventrouter.spi.EventProcessorFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The delivery defaults each processor type declares ({@link DeliveryDefaults}), as one
 * Markdown table with a column per type: part of the configuration reference, and the README's delivery table.
 */
public final class DeliveryDefaultsTable {

    /** The anchor of the section in the configuration reference. */
    public static final String ANCHOR = "delivery-defaults";

    private record Row(String field, Function<DeliveryPolicy, String> value) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("retry", p -> Integer.toString(p.retry())),
            new Row("backoffPolicy", p -> wire(p.backoffPolicy())),
            new Row("backoffDelay", p -> duration(p.backoffDelay())),
            new Row("backoffMax", p -> duration(p.backoffMax())),
            new Row("timeout", p -> duration(p.timeout())),
            new Row("deadLetterSink", p -> p.deadLetterSink() == null ? "none" : "set"),
            new Row("concurrency", p -> Integer.toString(p.concurrency())),
            new Row("maxQueuedEvents", p -> Integer.toString(p.maxQueuedEvents())),
            new Row("maxQueuedBytes", p -> bytes(p.maxQueuedBytes())),
            new Row("rateLimit", p -> p.rateLimit() == null ? "none" : p.rateLimit().eventsPerSecond() + "/s"),
            new Row("retryRules", p -> wire(p.retryRules())));

    private DeliveryDefaultsTable() {
    }

    /** The section: a heading, one line of explanation and the table, types in the given order. */
    public static String render(List<EventProcessorFactory<?>> factories) {
        return "### Delivery defaults\n\n<a id=\"" + ANCHOR + "\"></a>\n\n"
                + "What each processor type uses for a [`delivery`](#deliveryspec) field its section leaves out.\n\n"
                + table(factories) + "\n";
    }

    /** Only the table, e.g. for the README. */
    public static String table(List<EventProcessorFactory<?>> factories) {
        StringBuilder out = new StringBuilder("| field |");
        for (EventProcessorFactory<?> factory : factories) {
            out.append(" `").append(factory.type()).append("` |");
        }
        out.append("\n| ---").append(" | ---".repeat(factories.size())).append(" |\n");
        for (Row row : ROWS) {
            out.append("| `").append(row.field()).append("` |");
            factories.forEach(factory -> out.append(' ').append(cell(row, factory)).append(" |"));
            out.append('\n');
        }
        return out.toString();
    }

    /** One value, or the two when the type's defaults differ between the original's formats and v1. */
    private static String cell(Row row, EventProcessorFactory<?> factory) {
        String v1 = row.value().apply(DeliveryDefaults.of(factory));
        String original = row.value().apply(DeliveryDefaults.inOriginalFormats(factory));
        return v1.equals(original) ? v1 : original + " (v1alpha1, JSON), " + v1 + " (v1)";
    }

    private static String wire(WireEnum value) {
        return "`" + value.wireName() + "`";
    }

    /** Go-style, as users write them in files: 100ms, 5s, 1m30s. */
    private static String duration(Duration duration) {
        if (duration.toMillis() < 1000 || duration.toMillis() % 1000 != 0) {
            return "`" + duration.toMillis() + "ms`";
        }
        long seconds = duration.toSeconds();
        String text = (seconds >= 3600 ? seconds / 3600 + "h" : "")
                + (seconds % 3600 >= 60 ? seconds % 3600 / 60 + "m" : "")
                + (seconds % 60 != 0 ? seconds % 60 + "s" : "");
        return "`" + text + "`";
    }

    private static String bytes(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return Long.toString(bytes);
    }
}
