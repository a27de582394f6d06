package io.eventrouter.webhook;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The attribute-size limit counts each attribute as it travels (UTF-8 name and value), the time included. */
class AttributeSizeTest {

    private static final CloudEvent EVENT = CloudEventBuilder.v1().withId("id-ü").withSource(URI.create("/source"))
            .withType("com.example.type").withTime(OffsetDateTime.parse("2026-12-06T22:05:59.018+01:00"))
            .withExtension("region", "eu-west").build();

    @Test
    void anEventExactlyAtTheLimitIsAcceptedAndOneByteOverIsRefusedWithItsSize() {
        int size = exactSize(EVENT);

        assertThatCode(() -> CloudEventsRequestReader.checkSize(EVENT, size)).doesNotThrowAnyException();
        assertThatThrownBy(() -> CloudEventsRequestReader.checkSize(EVENT, size - 1))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(413))
                .hasMessageStartingWith("event attributes of " + size + " bytes");
    }

    private static int exactSize(CloudEvent event) {
        int size = 0;
        for (String name : event.getAttributeNames()) {
            size += name.length() + utf8(event.getAttribute(name));
        }
        for (String name : event.getExtensionNames()) {
            size += name.length() + utf8(event.getExtension(name));
        }
        return size;
    }

    private static int utf8(Object value) {
        return value == null ? 0 : value.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
