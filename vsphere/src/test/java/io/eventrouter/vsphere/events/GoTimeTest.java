package io.eventrouter.vsphere.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoTimeTest {

    @ParameterizedTest
    @CsvSource({
            "2026-11-21T20:05:48.350763691Z, 2026-11-21T20:05:48.350763691Z",
            "2026-11-21T20:05:48.350763690Z, 2026-11-21T20:05:48.35076369Z",
            "2021-11-05T13:02:32.960Z, 2021-11-05T13:02:32.96Z",
            "2021-11-05T13:02:32.000Z, 2021-11-05T13:02:32Z",
            "2021-11-05T13:02:32Z, 2021-11-05T13:02:32Z",
            "2021-01-18T11:03:12.33798+01:00, 2021-01-18T11:03:12.33798+01:00",
            "2021-01-18T11:03:12.5+00:00, 2021-01-18T11:03:12.5Z",
            "2021-01-18T11:03:12.5-00:00, 2021-01-18T11:03:12.5Z",
            "2021-01-31T23:59:59.100-05:30, 2021-01-31T23:59:59.1-05:30",
            "2021-01-18T11:03:12.1234567891Z, 2021-01-18T11:03:12.123456789Z",
            "2021-01-18T11:03:12.5, 2021-01-18T11:03:12.5Z",
            "' 2024-01-02T03:04:05.12Z ', 2024-01-02T03:04:05.12Z",
    })
    void writesTimesAsGoDoes(String xml, String go) {
        assertThat(GoTime.normalize(xml)).isEqualTo(go);
        assertThat(GoTime.format(GoTime.parse(go))).isEqualTo(go);
    }

    @Test
    void formatsInstantsInUtc() {
        assertThat(GoTime.format(Instant.parse("2020-10-01T10:07:36.316511Z"))).isEqualTo("2020-10-01T10:07:36.316511Z");
        assertThat(GoTime.format(OffsetDateTime.parse("0001-01-01T00:00:00Z"))).isEqualTo(GoTime.ZERO);
    }

    @Test
    void refusesWhatIsNotATime() {
        assertThatThrownBy(() -> GoTime.normalize("2021-02-30T00:00:00Z")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> GoTime.normalize("yesterday")).isInstanceOf(DateTimeParseException.class);
    }
}
