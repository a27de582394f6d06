package io.eventrouter.routing;

import io.eventrouter.spi.DeliveryResult;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Passes every notification to each of its observers, in order; observers can be added while running. */
public final class CompositeObserver implements RouterObserver {

    private final List<RouterObserver> observers = new CopyOnWriteArrayList<>();

    public CompositeObserver(List<? extends RouterObserver> observers) {
        this.observers.addAll(observers);
    }

    public void add(RouterObserver observer) {
        observers.add(observer);
    }

    @Override
    public void received(TrackedEvent event) {
        observers.forEach(o -> o.received(event));
    }

    @Override
    public void providerError(String provider) {
        observers.forEach(o -> o.providerError(provider));
    }

    @Override
    public void filteredOut(String processor, TrackedEvent event) {
        observers.forEach(o -> o.filteredOut(processor, event));
    }

    @Override
    public void declined(String processor, TrackedEvent event) {
        observers.forEach(o -> o.declined(processor, event));
    }

    @Override
    public void queued(String processor, TrackedEvent event) {
        observers.forEach(o -> o.queued(processor, event));
    }

    @Override
    public void retrying(String processor, TrackedEvent event, DeliveryResult result, int attempt, Duration wait) {
        observers.forEach(o -> o.retrying(processor, event, result, attempt, wait));
    }

    @Override
    public void rateLimited(String processor, TrackedEvent event, Duration wait) {
        observers.forEach(o -> o.rateLimited(processor, event, wait));
    }

    @Override
    public void delivered(String processor, TrackedEvent event, DeliveryResult result, int attempts) {
        observers.forEach(o -> o.delivered(processor, event, result, attempts));
    }

    @Override
    public void deadLettered(String processor, TrackedEvent event, DeliveryResult lastResult, String sink) {
        observers.forEach(o -> o.deadLettered(processor, event, lastResult, sink));
    }

    @Override
    public void dropped(String processor, TrackedEvent event, DeliveryResult lastResult) {
        observers.forEach(o -> o.dropped(processor, event, lastResult));
    }
}
