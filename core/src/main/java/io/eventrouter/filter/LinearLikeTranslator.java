package io.eventrouter.filter;

import io.cloudevents.sql.generated.CESQLParserParser;
import io.cloudevents.sql.impl.ExpressionInternal;
import io.cloudevents.sql.impl.expressions.NotExpression;
import io.cloudevents.sql.impl.parser.ExpressionTranslatorVisitor;
import io.cloudevents.sql.impl.parser.LiteralUtils;

/** The SDK's translation of a CESQL parse tree, except that {@code LIKE} becomes a {@link LinearLikeExpression}. */
final class LinearLikeTranslator extends ExpressionTranslatorVisitor {

    @Override
    public ExpressionInternal visitLikeExpression(CESQLParserParser.LikeExpressionContext context) {
        ExpressionInternal value = (ExpressionInternal) visit(context.expression());
        CESQLParserParser.StringLiteralContext literal = context.stringLiteral();
        String pattern = literal.DQUOTED_STRING_LITERAL() != null
                ? LiteralUtils.parseDQuotedStringLiteral(literal.DQUOTED_STRING_LITERAL())
                : LiteralUtils.parseSQuotedStringLiteral(literal.SQUOTED_STRING_LITERAL());
        ExpressionInternal like = new LinearLikeExpression(context.getSourceInterval(), context.getText(), value, pattern);
        return context.NOT() == null ? like : new NotExpression(context.getSourceInterval(), context.getText(), like);
    }
}
