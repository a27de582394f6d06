package io.eventrouter.filter;

import io.cloudevents.CloudEvent;
import io.cloudevents.sql.EvaluationRuntime;
import io.cloudevents.sql.ExceptionFactory;
import io.cloudevents.sql.impl.ExpressionInternal;
import io.cloudevents.sql.impl.ExpressionInternalVisitor;
import io.cloudevents.sql.impl.expressions.BaseExpression;
import io.cloudevents.sql.impl.runtime.EvaluationResult;
import org.antlr.v4.runtime.misc.Interval;

/**
 * {@code value LIKE 'pattern'} with a {@link LikePattern} in place of the SDK's regular expression, with the SDK's
 * semantics otherwise: the value is cast to a string, and a failed cast is an evaluation error (no match).
 */
final class LinearLikeExpression extends BaseExpression {

    private final ExpressionInternal value;
    private final LikePattern pattern;

    LinearLikeExpression(Interval interval, String text, ExpressionInternal value, String pattern) {
        super(interval, text);
        this.value = value;
        this.pattern = LikePattern.compile(pattern);
    }

    @Override
    public EvaluationResult evaluate(EvaluationRuntime runtime, CloudEvent event, ExceptionFactory exceptions) {
        EvaluationResult result = castToString(exceptions, value.evaluate(runtime, event, exceptions));
        return result.copyWithValue(result.value() instanceof String text && pattern.matches(text));
    }

    @Override
    public <T> T visit(ExpressionInternalVisitor<T> visitor) {
        return visitor.visitExpressionInternal(this);
    }
}
