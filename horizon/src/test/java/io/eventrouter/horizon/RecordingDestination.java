package io.eventrouter.horizon;

import io.cloudevents.CloudEvent;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A destination for the router in these tests: keeps what it receives, and refuses events while told to. */
final class RecordingDestination implements EventProcessor {

    private final List<CloudEvent> received = new CopyOnWriteArrayList<>();
    volatile Predicate<CloudEvent> unavailableFor = event -> false;

    @Override
    public DeliveryResult deliver(CloudEvent event, Duration timeout) {
        if (unavailableFor.test(event)) {
            return DeliveryResult.unavailable(503, "held by the test", null);
        }
        received.add(event);
        return DeliveryResult.delivered(200);
    }

    List<CloudEvent> received() {
        return List.copyOf(received);
    }

    List<String> ids() {
        return received.stream().map(CloudEvent::getId).toList();
    }

    @Override
    public String describe() {
        return "recording destination";
    }
}
