package io.eventrouter.webhook;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import io.cloudevents.types.Time;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A binary-mode event read by the router is the SDK's reading of it: the same values, or the same refusal. */
class BinaryEventReadingTest {

    private static final DateTimeFormatter[] SHAPES = {
            DateTimeFormatter.ISO_OFFSET_DATE_TIME,
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX"),
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX"),
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX"),
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX"),
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SXXX"),
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSxxx"),
    };

    @Test
    void theShapesSendersUseAreReadByHandToTheSdksValue() {
        SplittableRandom random = new SplittableRandom(20261207);
        for (int i = 0; i < 20_000; i++) {
            OffsetDateTime time = randomTime(random);
            String text = SHAPES[i % SHAPES.length].format(time);

            OffsetDateTime byHand = EventTimes.parseCommonShape(text);

            assertThat(byHand).as(text).isNotNull().isEqualTo(OffsetDateTime.parse(text));
        }
    }

    @Test
    void everyOtherTextIsTheSdksToAcceptOrRefuse() {
        List<String> texts = new ArrayList<>(List.of(
                "2026-11-21T10:00:00.123Z", "2026-11-21t10:00:00z", "2026-11-21T10:00Z", "2026-11-21T10:00:00",
                "2026-11-21T10:00:00.Z", "2026-11-21T10:00:00.1234567891Z", "2026-02-29T10:00:00Z",
                "2024-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-31T10:00:00Z", "2026-11-21T24:00:00Z",
                "2026-11-21T23:60:00Z", "2026-11-21T23:59:60Z", "2026-11-21T10:00:00+19:00",
                "2026-11-21T10:00:00+18:00", "2026-11-21T10:00:00-18:00", "2026-11-21T10:00:00+05:60",
                "2026-11-21T10:00:00+0530", "2026-11-21T10:00:00+05:30:15", "2026-11-21T10:00:00-00:00",
                "+12026-11-21T10:00:00Z", "0000-01-01T00:00:00Z", "2026-1-21T10:00:00Z", "2026-11-21 10:00:00Z",
                "2026-11-21T10:00:00.12a4Z", "2026-11-21T1a:00:00Z", "２026-11-21T10:00:00Z", "", "Z",
                "2026-11-21T10:00:00ZZ", "2026-11-21T10:00:00+01", "2026-11-21T10:00:00+01:0a"));
        SplittableRandom random = new SplittableRandom(7);
        String chars = "0123456789-:T.Z+ tz";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder(SHAPES[i % SHAPES.length].format(randomTime(random)));
            text.setCharAt(random.nextInt(text.length()), chars.charAt(random.nextInt(chars.length())));
            texts.add(text.toString());
        }

        for (String text : texts) {
            OffsetDateTime sdk = sdkReading(text);
            if (sdk == null) {
                assertThat(EventTimes.parseCommonShape(text)).as(text).isNull();
                assertThatThrownBy(() -> EventTimes.parse("time", text)).as(text)
                        .isInstanceOf(CloudEventRWException.class);
            } else {
                assertThat(EventTimes.parse("time", text)).as(text).isEqualTo(sdk);
            }
        }
    }

    @Test
    void aBinaryModeRequestGivesTheSameEventAsTheSdksOwnReader() throws Exception {
        Map<String, String> headers = Map.of("ce-specversion", "1.0", "ce-id", "1", "ce-source", "/vc",
                "ce-type", "com.vmware.event.router/event", "ce-time", "2026-11-21T10:00:00.123+01:00",
                "content-type", "application/json");
        byte[] body = "{\"key\":1}".getBytes();

        CloudEvent ours = CloudEventsRequestReader.read(headers, body, 4096).getFirst();

        assertThat(ours).isEqualTo(HttpMessageFactory.createReader(headers, body).toEvent());
        assertThat(ours.getTime()).isEqualTo(OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 123_000_000,
                ZoneOffset.ofHours(1)));
    }

    @Test
    void aRepeatedSourceIsTheSameUriAndAnInvalidOneIsRefusedAsTheSdkRefusesIt() throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("ce-specversion", "1.0", "ce-id", "1",
                "ce-source", "https://vcenter.example.com/sdk?x=1#f", "ce-type", "t"));

        CloudEvent first = CloudEventsRequestReader.read(headers, new byte[0], 4096).getFirst();
        CloudEvent second = CloudEventsRequestReader.read(headers, new byte[0], 4096).getFirst();

        assertThat(first.getSource()).isEqualTo(java.net.URI.create("https://vcenter.example.com/sdk?x=1#f"))
                .isSameAs(second.getSource());
        headers.put("ce-source", "not a uri");
        assertThatThrownBy(() -> CloudEventsRequestReader.read(headers, new byte[0], 4096))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("invalid binary-mode event: Illegal character in path at index 3: not a uri");
        assertThatThrownBy(() -> HttpMessageFactory.createReader(headers, new byte[0]).toEvent())
                .hasRootCauseMessage("Illegal character in path at index 3: not a uri");
    }

    @Test
    void aTimeTheSdkRefusesIsABadRequestWithItsReason() {
        Map<String, String> headers = Map.of("ce-specversion", "1.0", "ce-id", "1", "ce-source", "/vc",
                "ce-type", "t", "ce-time", "2026-02-30T10:00:00Z");

        assertThatThrownBy(() -> CloudEventsRequestReader.read(headers, new byte[0], 4096))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("invalid binary-mode event: Invalid date 'FEBRUARY 30'");
    }

    private static OffsetDateTime sdkReading(String text) {
        try {
            return Time.parseTime(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static OffsetDateTime randomTime(SplittableRandom random) {
        int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
        return OffsetDateTime.of(random.nextInt(1, 10_000), random.nextInt(1, 13), random.nextInt(1, 29),
                random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000_000),
                ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
    }
}
