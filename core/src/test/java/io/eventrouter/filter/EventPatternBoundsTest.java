package io.eventrouter.filter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bounds on event patterns (the {@code pattern} filter and the EventBridge rule). */
class EventPatternBoundsTest {

    @Test
    void ordinaryWildcardsCompileAndMatch() throws Exception {
        EventPattern pattern = EventPattern.compile("{\"subject\": [{\"wildcard\": \"Vm*Event\"}]}");
        assertThat(pattern.matches("{\"subject\": \"VmPoweredOnEvent\"}")).isTrue();
        assertThat(pattern.matches("{\"subject\": \"HostEvent\"}")).isFalse();
    }

    @Test
    void aPatternWithWildcardsThatMultiplyTheWorkPerEventIsRefused() {
        String wildcards = "{\"subject\": [{\"wildcard\": \"" + "*a".repeat(200) + "*\"}]}";
        assertThatThrownBy(() -> EventPattern.compile(wildcards)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too complex");
    }

    @Test
    void deeplyNestedOrHugePatternsAreClearErrors() {
        String deep = "{\"a\":".repeat(20_000) + "[1]" + "}".repeat(20_000);
        assertThatThrownBy(() -> EventPattern.compile(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + EventPattern.MAX_LENGTH);
        String nested = "{\"a\":".repeat(5_000) + "[1]" + "}".repeat(5_000);
        assertThatThrownBy(() -> EventPattern.compile(nested)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid event pattern");
    }
}
