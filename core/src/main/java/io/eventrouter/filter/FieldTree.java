package io.eventrouter.filter;

import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;

/**
 * The field paths an event pattern looks at, so that only those are put into the JSON view of an event: event-ruler
 * ignores every other field, and leaving them out saves building them, and most of the work of reading {@code data}
 * (it is parsed through a token filter that skips what no path names).
 *
 * <p>A {@code null} tree stands for "the whole value" (a field the pattern compares with a list of matchers).
 */
final class FieldTree {

    private final Map<String, FieldTree> children = new HashMap<>();

    private FieldTree() {
    }

    static FieldTree of(JsonNode pattern) {
        FieldTree tree = new FieldTree();
        tree.add(pattern);
        return tree;
    }

    /** Whether the pattern names {@code field} at this level. */
    boolean has(String field) {
        return children.containsKey(field);
    }

    /** The subtree of {@code field}, {@code null} when the whole value is needed. */
    FieldTree child(String field) {
        return children.get(field);
    }

    private void add(JsonNode pattern) {
        for (Map.Entry<String, JsonNode> field : pattern.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals("$or") && value.isArray()) {
                value.forEach(alternative -> {
                    if (alternative.isObject()) {
                        add(alternative);
                    }
                });
            } else if (value.isObject() && (!children.containsKey(key) || children.get(key) != null)) {
                children.computeIfAbsent(key, k -> new FieldTree()).add(value);
            } else {
                children.put(key, null);
            }
        }
    }

    /** A Jackson token filter that keeps exactly this tree's paths (arrays are looked into element by element). */
    TokenFilter tokenFilter() {
        return new TokenFilter() {
            @Override
            public TokenFilter includeProperty(String name) {
                if (!children.containsKey(name)) {
                    return null;
                }
                FieldTree child = children.get(name);
                return child == null ? TokenFilter.INCLUDE_ALL : child.tokenFilter();
            }

            @Override
            public TokenFilter includeElement(int index) {
                return this;
            }
        };
    }
}
