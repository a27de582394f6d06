package io.eventrouter.app.runtime;

import io.eventrouter.config.DeadLetterSink;
import io.eventrouter.config.DeliverySpec;
import io.eventrouter.config.EventEncoding;
import io.eventrouter.deadletter.DeadLetterWriter;
import io.eventrouter.deadletter.DirectoryDeadLetterWriter;
import io.eventrouter.deadletter.HttpDeadLetterWriter;
import io.eventrouter.http.ClientTls;
import io.eventrouter.http.CloudEventSender;
import io.eventrouter.http.EventHttpClient;

import java.time.Duration;

/** Creates the dead-letter writer a delivery spec asks for. */
final class DeadLetters {

    private DeadLetters() {
    }

    /** @return {@code null} when the spec has no dead-letter sink */
    static DeadLetterWriter create(DeliverySpec delivery, String processorName, ClientTls tls) {
        DeadLetterSink sink = delivery.deadLetterSink();
        if (sink == null) {
            return null;
        }
        if (sink.directory() != null) {
            return new DirectoryDeadLetterWriter(sink.directory(), processorName);
        }
        if (sink.uri() != null) {
            var client = EventHttpClient.start(tls.context(false), false, Duration.ofSeconds(10));
            return new HttpDeadLetterWriter(sink.uri().uri(), new CloudEventSender(client, EventEncoding.STRUCTURED, null),
                    delivery.timeout(), client);
        }
        throw new IllegalStateException("deadLetterSink.ref is refused by configuration validation");
    }
}
