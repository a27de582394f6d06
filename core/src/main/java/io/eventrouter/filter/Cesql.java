package io.eventrouter.filter;

import io.cloudevents.sql.EvaluationException;
import io.cloudevents.sql.ExceptionFactory;
import io.cloudevents.sql.Expression;
import io.cloudevents.sql.ParseException;
import io.cloudevents.sql.generated.CESQLParserLexer;
import io.cloudevents.sql.generated.CESQLParserParser;
import io.cloudevents.sql.impl.ExpressionInternal;
import io.cloudevents.sql.impl.parser.CaseChangingCharStream;
import io.cloudevents.sql.impl.parser.ConstantFoldingExpressionVisitor;
import io.cloudevents.sql.impl.runtime.ExpressionImpl;
import io.eventrouter.config.ConfigException;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.tree.ParseTree;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses CloudEvents SQL with bounded work, for every place an expression comes from a user (the configuration's
 * {@code cesql} filters, the viewer's filter). The SDK's parser and evaluator are used as they are, with two
 * changes: {@code LIKE} is matched without backtracking ({@link LikePattern}; the SDK turns it into a regular
 * expression, which a pattern with many {@code %} makes run for hours), and an expression longer than
 * {@value #MAX_LENGTH} characters or nested deeper than {@value #MAX_DEPTH} levels is refused before parsing (the
 * parser and the evaluator recurse once per level, and 20,000 parentheses overflow the stack). With both bounds,
 * evaluating an expression costs at most about (expression length × longest attribute) steps per event.
 */
public final class Cesql {

    /** Characters in one expression; a filter that needs more is better written as several filters. */
    public static final int MAX_LENGTH = 4096;
    /** Parentheses and unary operators nested in one another. */
    public static final int MAX_DEPTH = 64;

    private Cesql() {
    }

    /** @throws IllegalArgumentException with a one-line reason when the text is not a usable expression */
    public static Expression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty CESQL expression");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("CESQL expression of " + text.length() + " characters; at most "
                    + MAX_LENGTH + " are accepted");
        }
        int depth = NestingDepth.of(text);
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("CESQL expression nested " + depth + " levels deep; at most "
                    + MAX_DEPTH + " are accepted");
        }
        try {
            return new ExpressionImpl(translate(text));
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid CESQL expression: "
                    + ConfigException.firstLine(e.getMessage(), "syntax error"));
        } catch (StackOverflowError e) {
            // the depth bound keeps this from happening; should a form of nesting escape it, it is still an error
            throw new IllegalArgumentException("CESQL expression nested too deeply");
        } catch (RuntimeException e) {
            // the SDK's parser fails this way on some malformed input (e.g. "source LIKE" without a pattern)
            throw new IllegalArgumentException("invalid CESQL expression: cannot parse \"" + text + "\"");
        }
    }

    /** What the SDK's default parser does (constant folding included), with {@link LinearLikeTranslator}. */
    private static ExpressionInternal translate(String text) {
        CESQLParserLexer lexer = new CESQLParserLexer(new CaseChangingCharStream(CharStreams.fromString(text), true));
        CESQLParserParser parser = new CESQLParserParser(new CommonTokenStream(lexer));
        List<ParseException> errors = new ArrayList<>();
        parser.removeErrorListeners();
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object symbol, int line, int position, String message,
                                    RecognitionException e) {
                errors.add(ExceptionFactory.recognitionError(e, message));
            }
        });
        ParseTree tree = parser.cesql();
        if (!errors.isEmpty()) {
            throw errors.getFirst();
        }
        ExpressionInternal expression = new LinearLikeTranslator().visit(tree);
        try {
            return expression.visit(new ConstantFoldingExpressionVisitor());
        } catch (EvaluationException e) {
            throw ExceptionFactory.cannotEvaluateConstantExpression(e);
        }
    }
}
