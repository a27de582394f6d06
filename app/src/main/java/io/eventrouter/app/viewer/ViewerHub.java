package io.eventrouter.app.viewer;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Hands every new event and status change to each connected browser's {@link Subscriber}. */
final class ViewerHub {

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final int maxSubscribers;
    private final int queueCapacity;

    ViewerHub(int maxSubscribers, int queueCapacity) {
        this.maxSubscribers = maxSubscribers;
        this.queueCapacity = queueCapacity;
    }

    /** A new subscriber, or {@code null} when {@code maxSubscribers} browsers are connected already. */
    synchronized Subscriber subscribe() {
        if (subscribers.size() >= maxSubscribers) {
            return null;
        }
        Subscriber subscriber = new Subscriber(queueCapacity);
        subscribers.add(subscriber);
        return subscriber;
    }

    void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
        subscriber.close();
    }

    /** Called on router threads: one non-blocking offer per browser. */
    void publish(Subscriber.Kind kind, ViewerEntry entry) {
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(kind, entry);
        }
    }

    List<Subscriber> subscribers() {
        return List.copyOf(subscribers);
    }

    void close() {
        subscribers.forEach(Subscriber::close);
        subscribers.clear();
    }
}
