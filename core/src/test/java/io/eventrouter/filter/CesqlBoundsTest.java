package io.eventrouter.filter;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bounds {@link Cesql} puts on an expression: length, nesting, and LIKE without backtracking. */
class CesqlBoundsTest {

    private static final CloudEvent EVENT = CloudEventBuilder.v1().withId("1").withType("t")
            .withSource(URI.create("/vcenter/" + "a".repeat(64))).withSubject("VmPoweredOnEvent").build();

    @Test
    void twentyThousandNestedParenthesesAreAClearErrorNotAStackOverflow() {
        String deep = "(".repeat(20_000) + "true" + ")".repeat(20_000);
        assertThatThrownBy(() -> Cesql.parse(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + Cesql.MAX_LENGTH);
        String deepButShort = "(".repeat(1000) + "true" + ")".repeat(1000);
        assertThatThrownBy(() -> Cesql.parse(deepButShort)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CESQL expression nested 1000 levels deep; at most 64 are accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOT ", "- ", "NOT (", "-("})
    void stackedUnaryOperatorsCountAsNesting(String level) {
        String text = level.repeat(300) + "1" + (level.endsWith("(") ? ")".repeat(300) : "");
        assertThatThrownBy(() -> Cesql.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("levels deep");
    }

    @Test
    void nestingWithinTheBoundAndLongFlatExpressionsParse() {
        assertThat(Cesql.parse("(".repeat(60) + "subject = 'VmPoweredOnEvent'" + ")".repeat(60))
                .evaluate(EVENT).value()).isEqualTo(true);
        String flat = "subject = 'x' OR ".repeat(200) + "subject = 'VmPoweredOnEvent'";
        assertThat(Cesql.parse(flat).evaluate(EVENT).value()).isEqualTo(true);
        // parentheses and operators inside strings are not nesting
        assertThat(Cesql.parse("subject <> '" + "((((-NOT ".repeat(100) + "'").evaluate(EVENT).value()).isEqualTo(true);
    }

    @Test
    void likeUsesTheLinearMatcherWithTheSdksSemantics() {
        assertThat(Cesql.parse("source LIKE '%%%%%%%%%%%%Z'").evaluate(EVENT).value()).isEqualTo(false);
        assertThat(Cesql.parse("source LIKE '/vcenter/%a'").evaluate(EVENT).value()).isEqualTo(true);
        assertThat(Cesql.parse("source NOT LIKE '/vcenter/%a'").evaluate(EVENT).value()).isEqualTo(false);
        assertThat(Cesql.parse("subject LIKE \"Vm%On%\"").evaluate(EVENT).value()).isEqualTo(true);
        // a missing attribute is an evaluation error, which a filter takes as no match
        assertThat(Cesql.parse("missing LIKE '%'").evaluate(EVENT).isFailed()).isTrue();
        assertThat(CesqlFilter.compile("missing LIKE '%'").matches(EVENT)).isFalse();
    }
}
