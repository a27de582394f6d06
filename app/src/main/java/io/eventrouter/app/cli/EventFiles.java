package io.eventrouter.app.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CloudEvents in the JSON event format from a file: one event, a JSON array of events, or one event per line
 * (JSON lines) — the shapes of VEBA's {@code test/testevent.json} files and of the router's dead-letter directory.
 */
final class EventFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventFormat FORMAT = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    /** One event and where it came from: {@code file}, or {@code file#n} when the file holds several. */
    record SourcedEvent(String where, CloudEvent event) {
    }

    /** Thrown with a message that names the file (and the event) and the problem. */
    static final class BadEventFile extends Exception {
        BadEventFile(String message) {
            super(message, null, false, false);
        }
    }

    private EventFiles() {
    }

    /** Reads {@code file}; {@code -} is the standard input. */
    static List<SourcedEvent> read(String file, InputStream stdin) throws BadEventFile {
        byte[] bytes;
        try {
            bytes = file.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new BadEventFile(file + ": no such file");
        } catch (IOException e) {
            throw new BadEventFile(file + ": cannot read: " + e.getMessage());
        }
        List<JsonNode> nodes = parse(file, bytes);
        if (nodes.isEmpty()) {
            throw new BadEventFile(file + ": no event in the file");
        }
        List<SourcedEvent> events = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            String where = nodes.size() == 1 ? file : file + "#" + (i + 1);
            events.add(new SourcedEvent(where, toEvent(where, nodes.get(i))));
        }
        return events;
    }

    private static List<JsonNode> parse(String file, byte[] bytes) throws BadEventFile {
        List<JsonNode> nodes = new ArrayList<>();
        try (JsonParser parser = JSON.getFactory().createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    nodes.add(JSON.readTree(parser));
                }
                if (parser.nextToken() != null) {
                    throw new BadEventFile(file + ": unexpected content after the JSON array");
                }
            } else {
                // One value, or several one after the other (JSON lines).
                for (JsonToken token = first; token != null; token = parser.nextToken()) {
                    nodes.add(JSON.readTree(parser));
                }
            }
        } catch (JsonProcessingException e) {
            throw new BadEventFile(file + ": invalid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadEventFile(file + ": cannot read: " + e.getMessage());
        }
        return nodes;
    }

    private static CloudEvent toEvent(String where, JsonNode node) throws BadEventFile {
        if (!node.isObject()) {
            throw new BadEventFile(where + ": not a CloudEvent (expected a JSON object)");
        }
        try {
            return FORMAT.deserialize(JSON.writeValueAsBytes(node));
        } catch (EventDeserializationException | CloudEventRWException | IllegalArgumentException
                 | JsonProcessingException e) {
            throw new BadEventFile(where + ": not a valid CloudEvent: " + reason(e));
        }
    }

    /** The SDK wraps Jackson's error, whose message spans lines: keep the first line of the innermost reason. */
    private static String reason(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause instanceof JsonProcessingException json ? json.getOriginalMessage() : cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
