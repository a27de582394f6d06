package io.eventrouter.routing;

import io.cloudevents.CloudEvent;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A processor whose answers a test scripts; records every attempt and can hold deliveries until released. */
class ScriptedProcessor implements EventProcessor {

    final List<String> attempts = new CopyOnWriteArrayList<>();
    final List<String> delivered = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile Function<CloudEvent, DeliveryResult> answer = event -> DeliveryResult.delivered(202);
    volatile Semaphore gate;
    volatile int batchSize = 1;

    @Override
    public DeliveryResult deliver(CloudEvent event, Duration timeout) throws InterruptedException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            Semaphore g = gate;
            if (g != null) {
                g.acquire();
            }
            attempts.add(event.getId());
            DeliveryResult result = answer.apply(event);
            if (result.isDelivered()) {
                delivered.add(event.getId());
            }
            return result;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public int maxBatchSize() {
        return batchSize;
    }

    @Override
    public String describe() {
        return "http://scripted.test/";
    }
}
