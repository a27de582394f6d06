package io.eventrouter.deadletter;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.spi.DeliveryResult;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Marks a dead-lettered event as Knative does: {@code knativeerrordest} (where delivery failed),
 * {@code knativeerrorcode} (the last HTTP status, 500 for a network error) and {@code knativeerrordata} (the
 * response body, base64, at most 1024 characters).
 */
public final class ErrorExtensions {

    public static final String DESTINATION = "knativeerrordest";
    public static final String CODE = "knativeerrorcode";
    public static final String DATA = "knativeerrordata";
    private static final int MAX_DATA = 1024;

    private ErrorExtensions() {
    }

    public static CloudEvent mark(CloudEvent event, String destination, DeliveryResult last) {
        int code = last.statusCode() == 0 ? 500 : last.statusCode();
        String body = last.statusCode() == 0 ? "dispatch error: " + last.detail() : last.detail();
        String data = Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
        if (data.length() > MAX_DATA) {
            data = data.substring(0, MAX_DATA);
        }
        return CloudEventBuilder.from(event)
                .withExtension(DESTINATION, destination)
                .withExtension(CODE, code)
                .withExtension(DATA, data)
                .build();
    }
}
