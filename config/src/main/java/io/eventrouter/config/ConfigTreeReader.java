package io.eventrouter.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.eventrouter.config.ConfigNode.ListNode;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.config.ConfigNode.NullNode;
import io.eventrouter.config.ConfigNode.ScalarNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses YAML or JSON text into a {@link ConfigNode} tree that keeps line and column of every node. Text that starts
 * with {@code [} or <code>{</code> is read as JSON (better messages for JSON mistakes), anything else as YAML.
 */
public final class ConfigTreeReader {

    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final YAMLFactory YAML = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * Maps and lists nested deeper than this are refused: no configuration needs as many (filters and event patterns
     * included), and the tree is read recursively, so thousands of levels would overflow the stack.
     */
    public static final int MAX_DEPTH = 64;

    private ConfigTreeReader() {
    }

    public static ConfigNode read(String text) throws ConfigException {
        if (text.isBlank()) {
            throw new ConfigException(ConfigPath.ROOT, Location.UNKNOWN, "the file is empty");
        }
        if (text.indexOf('\0') >= 0) {
            throw new ConfigException(ConfigPath.ROOT, Location.UNKNOWN, "not a YAML or JSON document (binary data)");
        }
        String start = text.stripLeading();
        boolean json = start.startsWith("[") || start.startsWith("{");
        try (JsonParser parser = (json ? JSON : YAML).createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ConfigException(ConfigPath.ROOT, Location.UNKNOWN, "the file holds no document");
            }
            ConfigNode root = readValue(parser, ConfigPath.ROOT, 0);
            if (parser.nextToken() != null) {
                throw new ConfigException(ConfigPath.ROOT, location(parser.currentTokenLocation()),
                        "more than one document in the file");
            }
            return root;
        } catch (Refusal e) {
            throw e.problem;
        } catch (JsonProcessingException e) {
            String problem = ConfigException.firstLine(e.getOriginalMessage(), "syntax error");
            throw new ConfigException(ConfigPath.ROOT, location(e.getLocation()),
                    (json ? "invalid JSON: " : "invalid YAML: ") + problem);
        } catch (IOException e) {
            throw new ConfigException(ConfigPath.ROOT, Location.UNKNOWN, "cannot read: " + e.getMessage());
        }
    }

    private static ConfigNode readValue(JsonParser parser, ConfigPath path, int depth) throws IOException {
        Location at = location(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            // the YAML library hands an alias over as its anchor's name: "password: *pw" would be "pw"
            throw new Refusal(new ConfigException(path, at, "YAML aliases (*" + parser.getText()
                    + ") are not supported: write the value out (for a shared secret, use ${env:NAME} or "
                    + "${file:PATH} in each place)"));
        }
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth >= MAX_DEPTH) {
            throw new Refusal(new ConfigException(path, at, "nested more than " + MAX_DEPTH
                    + " levels deep; no configuration needs as many"));
        }
        return switch (token) {
            case START_OBJECT -> readMap(parser, at, path, depth + 1);
            case START_ARRAY -> readList(parser, at, path, depth + 1);
            case VALUE_STRING -> new ScalarNode(at, parser.getText(), ScalarNode.Kind.STRING);
            case VALUE_NUMBER_INT -> new ScalarNode(at, parser.getText(), ScalarNode.Kind.INTEGER);
            case VALUE_NUMBER_FLOAT -> new ScalarNode(at, parser.getText(), ScalarNode.Kind.DECIMAL);
            case VALUE_TRUE, VALUE_FALSE -> new ScalarNode(at, parser.getText(), ScalarNode.Kind.BOOLEAN);
            case VALUE_NULL -> new NullNode(at);
            default -> throw new JsonProcessingException("unsupported value (" + token + ")", parser.currentTokenLocation()) {
            };
        };
    }

    private static MapNode readMap(JsonParser parser, Location at, ConfigPath path, int depth) throws IOException {
        Map<String, MapNode.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Location keyAt = location(parser.currentTokenLocation());
            if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                throw new Refusal(new ConfigException(path, keyAt, "YAML aliases (*" + key
                        + ") are not supported as keys: write the key out"));
            }
            parser.nextToken();
            entries.put(key, new MapNode.Entry(key, keyAt, readValue(parser, path.field(key), depth)));
        }
        return new MapNode(at, entries);
    }

    private static ListNode readList(JsonParser parser, Location at, ConfigPath path, int depth) throws IOException {
        List<ConfigNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(readValue(parser, path.index(items.size()), depth));
        }
        return new ListNode(at, items);
    }

    /** Carries a refused alias or nesting out of the parser's {@link IOException}-throwing reading. */
    private static final class Refusal extends IOException {

        final ConfigException problem;

        Refusal(ConfigException problem) {
            super(problem.getMessage(), null);
            this.problem = problem;
        }
    }

    private static Location location(JsonLocation location) {
        if (location == null || location.getLineNr() <= 0) {
            return Location.UNKNOWN;
        }
        return new Location(location.getLineNr(), Math.max(1, location.getColumnNr()));
    }
}
