package io.eventrouter.app.security;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.sql.Expression;
import io.eventrouter.filter.Cesql;
import io.eventrouter.filter.EventPattern;
import io.eventrouter.filter.LikePattern;
import io.eventrouter.testing.Fuzzer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the filter compilers that take user input (CESQL, the viewer's and the configuration's; event patterns):
 * any text is compiled or refused with an {@link IllegalArgumentException}, and what compiles evaluates without an
 * {@link Error}. And {@link LikePattern} agrees with a regular expression on every small pattern and value.
 */
class FilterFuzzTest {

    private static final List<CloudEvent> EVENTS = List.of(
            CloudEventBuilder.v1().withId("1").withSource(URI.create("/vcenter/a")).withType("com.vmware.event")
                    .withSubject("VmPoweredOnEvent").withExtension("count", 3).build(),
            CloudEventBuilder.v1().withId("%_\\").withSource(URI.create("x")).withType("").build());

    @Test
    void cesqlTextIsCompiledOrRefusedAndEvaluatesWithoutErrors() {
        Fuzzer.Report report = Fuzzer.fromSystemProperties()
                .seed("type LIKE 'com.vmware.%' AND subject IN ('VmPoweredOnEvent', 'VmPoweredOffEvent')")
                .seed("source LIKE '%%%%%%%%%%%%Z'").seed("NOT (EXISTS count AND count + 1 > 3 OR id = \"1\")")
                .seed("UPPER(subject) NOT LIKE \"%\\_%\" XOR CONCAT(id, source) = 'x'")
                .seed("((((((true))))))").seed("- - -1 * 7 / 0 % 3 = INT('3')")
                .runText("cesql", text -> {
                    Expression expression;
                    try {
                        expression = Cesql.parse(text);
                    } catch (IllegalArgumentException e) {
                        assertThat(e.getMessage()).isNotBlank();
                        return;
                    }
                    for (CloudEvent event : EVENTS) {
                        try {
                            expression.evaluate(event);
                        } catch (RuntimeException e) {
                            // a filter takes an evaluation failure as no match
                        }
                    }
                });
        assertThat(report.crashes()).as(report.toString()).isEmpty();
    }

    @Test
    void eventPatternsAreCompiledOrRefusedAndMatchWithoutErrors() {
        Fuzzer.Report report = Fuzzer.fromSystemProperties()
                .seed("{\"subject\": [{\"prefix\": \"Vm\"}], \"data\": {\"Vm\": {\"Name\": [{\"wildcard\": \"web-*\"}]}}}")
                .seed("{\"count\": [{\"numeric\": [\">\", 0, \"<=\", 5]}], \"$or\": [{\"id\": [\"1\"]}, {\"type\": "
                        + "[{\"anything-but\": {\"prefix\": \"x\"}}]}]}")
                .seed("{\"source\": [{\"equals-ignore-case\": \"/VCENTER/A\"}, {\"exists\": false}, {\"cidr\": "
                        + "\"10.0.0.0/24\"}, {\"suffix\": \"a\"}]}")
                .runText("event pattern", text -> {
                    EventPattern pattern;
                    try {
                        pattern = EventPattern.compile(text);
                    } catch (IllegalArgumentException e) {
                        return;
                    }
                    try {
                        pattern.matches("{\"id\":\"1\",\"source\":\"/vcenter/a\",\"type\":\"com.vmware.event\","
                                + "\"subject\":\"VmPoweredOnEvent\",\"count\":3,\"data\":{\"Vm\":{\"Name\":\"web-01\"}}}");
                    } catch (Exception e) {
                        // the pattern filter takes a matching failure as no match
                    }
                });
        assertThat(report.crashes()).as(report.toString()).isEmpty();
    }

    @Test
    void likePatternAgreesWithARegularExpressionOnSmallInputs() {
        long seed = Long.getLong("fuzz.seed", 17L);
        int iterations = Integer.getInteger("fuzz.iterations", Fuzzer.DEFAULT_ITERATIONS) * 10;
        Random random = new Random(seed);
        for (int i = 0; i < iterations; i++) {
            String pattern = randomText(random, "ab%_\\\n", 8);
            String value = randomText(random, "ab%_\\\n", 10);
            assertThat(LikePattern.compile(pattern).matches(value))
                    .as("'%s' LIKE '%s' (seed %d)", value, pattern, seed)
                    .isEqualTo(reference(pattern).matcher(value).matches());
        }
        System.out.println("fuzz LIKE vs regex: " + iterations + " pattern/value pairs from seed " + seed + ", 0 differences");
    }

    private static String randomText(Random random, String alphabet, int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** The CESQL meaning of LIKE as a regular expression (fine for the short inputs here). */
    private static Pattern reference(String like) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length() && (like.charAt(i + 1) == '%' || like.charAt(i + 1) == '_')) {
                regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
