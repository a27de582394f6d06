package io.eventrouter.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16 item 3: {@code /stats} writes times and floats as Go's JSON encoder wrote the original's. */
class Item3StatsFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void item3_startedIsRfc3339WithAllItsDigitsAndNoTrailingZeros() {
        assertThat(VebaStats.goTime(Instant.parse("2021-11-19T13:37:34.263123400Z")))
                .isEqualTo("2021-11-19T13:37:34.2631234Z");
        assertThat(VebaStats.goTime(Instant.parse("2021-11-19T13:37:34.263Z"))).isEqualTo("2021-11-19T13:37:34.263Z");
        assertThat(VebaStats.goTime(Instant.parse("2021-11-19T13:37:34.000000001Z")))
                .isEqualTo("2021-11-19T13:37:34.000000001Z");
        assertThat(VebaStats.goTime(Instant.parse("2021-11-19T13:37:34Z"))).isEqualTo("2021-11-19T13:37:34Z");
        assertThat(VebaStats.goTime(Instant.parse("2021-11-19T13:37:34.100Z"))).isEqualTo("2021-11-19T13:37:34.1Z");
    }

    @Test
    void item3_wholeFloatsAreWrittenAsIntegers() throws Exception {
        assertThat(JSON.writeValueAsString(VebaStats.goFloat(0))).isEqualTo("0");
        assertThat(JSON.writeValueAsString(VebaStats.goFloat(3.0))).isEqualTo("3");
        assertThat(JSON.writeValueAsString(VebaStats.goFloat(0.03))).isEqualTo("0.03");
        assertThat(JSON.writeValueAsString(VebaStats.goFloat(12.5))).isEqualTo("12.5");
        assertThat(JSON.writeValueAsString(VebaStats.goFloat(0.0001))).isEqualTo("0.0001");
    }
}
