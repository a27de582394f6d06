package io.eventrouter.testing;

import io.cloudevents.CloudEvent;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** An in-memory processor for tests of providers: records what it is given and answers as the test scripts. */
public class RecordingProcessor implements EventProcessor {

    private final List<CloudEvent> delivered = new CopyOnWriteArrayList<>();
    private final List<CloudEvent> attempts = new CopyOnWriteArrayList<>();
    private volatile Function<CloudEvent, DeliveryResult> answer = event -> DeliveryResult.delivered(200);

    public void answerWith(Function<CloudEvent, DeliveryResult> answer) {
        this.answer = answer;
    }

    @Override
    public DeliveryResult deliver(CloudEvent event, Duration timeout) {
        attempts.add(event);
        DeliveryResult result = answer.apply(event);
        if (result.isDelivered()) {
            delivered.add(event);
        }
        return result;
    }

    /** Events delivered successfully, in delivery order. */
    public List<CloudEvent> delivered() {
        return List.copyOf(delivered);
    }

    public List<CloudEvent> attempts() {
        return List.copyOf(attempts);
    }

    @Override
    public String describe() {
        return "memory";
    }
}
