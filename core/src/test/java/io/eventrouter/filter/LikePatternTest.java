package io.eventrouter.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class LikePatternTest {

    @ParameterizedTest(name = "''{1}'' LIKE ''{0}'' is {2}")
    @CsvSource(delimiter = '|', value = {
            "abc|abc|true", "abc|abd|false", "abc|abcd|false", "''|''|true", "%|''|true", "%|anything|true",
            "a%|a|true", "a%|ba|false", "%a|ba|true", "%a|ab|false", "a%c|abbbc|true", "a%c|ac|true", "a%c|acb|false",
            "_|x|true", "_|''|false", "_|xy|false", "a_c|abc|true", "a_c|ac|false", "%b%b%|abcb|true", "%b%b%|abc|false",
            "%%%%Z|aaaaZ|true", "%%%%Z|aaaa|false", "a\\%|a%|true", "a\\%|ab|false", "a\\_|a_|true", "a\\_|ab|false",
            "a\\b|a\\b|true", "%aa%aa|aaa|false", "%aa%aa|aaaa|true", "%ab%ba|abba|true", "%ab%ba|aba|false",
            "VM%Event|VmPoweredOnEvent|false", "Vm%Event|VmPoweredOnEvent|true"})
    void matchesLikeSql(String pattern, String value, boolean expected) {
        assertThat(LikePattern.compile(pattern).matches(value)).isEqualTo(expected);
    }

    @Test
    void percentMatchesLineBreaksAndUnderscoreOneCodePoint() {
        assertThat(LikePattern.compile("a%b").matches("a\nb")).isTrue();
        assertThat(LikePattern.compile("a_b").matches("a\uD83D\uDE00b")).isTrue();
    }

    @Test
    void manyWildcardsOnALongValueThatDoesNotMatchEndQuickly() {
        String pattern = "%a".repeat(200) + "%Z";
        String value = "a".repeat(100_000);
        // A backtracking matcher would not end before the sun does; a linear one takes milliseconds.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThat(LikePattern.compile(pattern).matches(value)).isFalse();
            assertThat(LikePattern.compile("%".repeat(4000) + "Z").matches(value)).isFalse();
        });
    }
}
