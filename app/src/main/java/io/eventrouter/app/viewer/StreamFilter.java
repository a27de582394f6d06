package io.eventrouter.app.viewer;

import io.cloudevents.sql.Expression;
import io.eventrouter.filter.Cesql;

/**
 * A CESQL expression the browser asks for, parsed with {@link Cesql}'s bounds and evaluated on the viewer's query
 * threads (never on router threads).
 * An event matches when the expression evaluates to {@code true}; an evaluation error (e.g. a missing attribute
 * compared as a number) counts as no match, as in CESQL's own rules.
 */
final class StreamFilter {

    static final StreamFilter ALL = new StreamFilter("", null);

    private final String text;
    private final Expression expression;

    private StreamFilter(String text, Expression expression) {
        this.text = text;
        this.expression = expression;
    }

    /**
     * @throws IllegalArgumentException with the parser's reason when {@code text} is not CESQL
     */
    static StreamFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        return new StreamFilter(text.trim(), Cesql.parse(text));
    }

    boolean matches(ViewerEntry entry) {
        if (expression == null) {
            return true;
        }
        try {
            return Boolean.TRUE.equals(expression.evaluate(entry.attributes()).value());
        } catch (RuntimeException e) {
            return false;
        }
    }

    String text() {
        return text;
    }
}
