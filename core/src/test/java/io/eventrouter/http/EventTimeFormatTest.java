package io.eventrouter.http;

import io.cloudevents.types.Time;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** A time the router sends is written exactly as the CloudEvents SDK writes it. */
class EventTimeFormatTest {

    @Test
    void everyTimeIsWrittenAsTheSdkWritesIt() {
        SplittableRandom random = new SplittableRandom(20261207);
        int[] nanos = {0, 1, 10, 100_000, 120_000_000, 123_000_000, 123_456_000, 999_999_999};
        for (int i = 0; i < 50_000; i++) {
            int nano = i % 3 == 0 ? random.nextInt(1_000_000_000) : nanos[random.nextInt(nanos.length)];
            int offsetSeconds = i % 5 == 0 ? 0 : random.nextInt(-18 * 60, 18 * 60 + 1) * 60;
            OffsetDateTime time = OffsetDateTime.of(random.nextInt(0, 10_000), random.nextInt(1, 13),
                    random.nextInt(1, 29), random.nextInt(24), random.nextInt(60), random.nextInt(60), nano,
                    ZoneOffset.ofTotalSeconds(offsetSeconds));

            assertThat(EventTimeFormat.format(time)).isEqualTo(Time.writeTime(time));
        }
    }

    @Test
    void timesOutsideTheCommonShapeAreTheSdks() {
        List<OffsetDateTime> times = List.of(
                OffsetDateTime.of(10_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(-1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 12, 7, 4, 30, 0, 5, ZoneOffset.ofHoursMinutesSeconds(1, 2, 3)),
                OffsetDateTime.of(2026, 12, 7, 4, 30, 0, 0, ZoneOffset.ofHoursMinutes(-5, -30)),
                OffsetDateTime.of(2026, 12, 7, 4, 30, 0, 0, ZoneOffset.MAX),
                OffsetDateTime.of(2026, 12, 7, 4, 30, 0, 0, ZoneOffset.MIN));

        for (OffsetDateTime time : times) {
            assertThat(EventTimeFormat.format(time)).isEqualTo(Time.writeTime(time));
        }
    }
}
