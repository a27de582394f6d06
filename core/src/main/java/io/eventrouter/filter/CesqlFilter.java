package io.eventrouter.filter;

import io.cloudevents.CloudEvent;
import io.cloudevents.sql.Expression;
import io.cloudevents.sql.Result;

/**
 * A CloudEvents SQL expression (the {@code cesql} dialect, {@code sql} in the Subscriptions API), parsed once. As the
 * CESQL spec requires of a filter, the event passes only when the expression yields boolean {@code true} without
 * any error: a missing attribute, a failed cast or a non-boolean result all mean no match (fail closed). Parsed by
 * {@link Cesql}, which bounds the work an expression can do.
 */
record CesqlFilter(String text, Expression expression) implements EventFilter {

    /** @throws IllegalArgumentException naming the problem when the expression does not parse */
    static CesqlFilter compile(String text) {
        return new CesqlFilter(text, Cesql.parse(text));
    }

    @Override
    public boolean matches(CloudEvent event) {
        try {
            Result result = expression.evaluate(event);
            return !result.isFailed() && Boolean.TRUE.equals(result.value());
        } catch (RuntimeException e) {
            return false; // the library's own failure on an odd event is no reason to deliver it
        }
    }
}
