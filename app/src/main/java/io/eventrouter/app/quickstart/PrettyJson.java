package io.eventrouter.app.quickstart;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A CloudEvent as indented structured JSON ({@code "key": value}, one array item per line): how the quickstart prints
 * events and how {@code examples/events} stores them, readable and read back by {@code event-router send}.
 */
public final class PrettyJson {

    private static final EventFormat STRUCTURED = EventFormatProvider.getInstance()
            .resolveFormat(JsonFormat.CONTENT_TYPE);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE)
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator("")));

    private PrettyJson() {
    }

    /** The event in the structured JSON format, as a tree. */
    public static JsonNode tree(CloudEvent event) {
        try {
            return MAPPER.readTree(STRUCTURED.serialize(event));
        } catch (IOException e) {
            throw new UncheckedIOException("the SDK's own JSON did not parse", e);
        }
    }

    public static String of(CloudEvent event) {
        return of(tree(event));
    }

    public static String of(JsonNode json) {
        try {
            return WRITER.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
