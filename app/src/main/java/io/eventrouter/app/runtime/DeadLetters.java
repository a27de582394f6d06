package io.eventrouter.app.runtime;

import io.eventrouter.config.DeadLetterSink;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.config.EventEncoding;
import io.eventrouter.deadletter.DeadLetterWriter;
import io.eventrouter.deadletter.DirectoryDeadLetterWriter;
import io.eventrouter.deadletter.HttpDeadLetterWriter;
import io.eventrouter.http.ClientTls;
import io.eventrouter.http.CloudEventsDestination;
import io.eventrouter.http.DestinationAddresses;
import io.eventrouter.spi.AddressResolver;
import io.eventrouter.spi.DestinationAddress;


/** Creates the dead-letter writer a delivery spec asks for. */
final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * @param addresses resolves a sink given as a Kubernetes {@code ref}, like the processors' destinations
     * @return {@code null} when the spec has no dead-letter sink
     */
    static DeadLetterWriter create(DeliveryPolicy delivery, String processorName, ClientTls tls,
                                   AddressResolver addresses) {
        DeadLetterSink sink = delivery.deadLetterSink();
        if (sink == null) {
            return null;
        }
        if (sink.directory() != null) {
            return new DirectoryDeadLetterWriter(sink.directory(), processorName);
        }
        DestinationAddress target = DestinationAddresses.of(sink.destination(), addresses);
        return new HttpDeadLetterWriter(new CloudEventsDestination(target, tls, false,
                EventEncoding.STRUCTURED, null, null), delivery.timeout());
    }
}
