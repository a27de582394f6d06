package io.eventrouter.routing;

import io.eventrouter.retry.Sleeper;
import io.eventrouter.spi.Acknowledgement;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue and workers of one route. Bounded in events and bytes (publishers wait for room, which is the
 * backpressure); events with the same ordering key go out one at a time in publish order; events with different keys
 * go out in parallel, up to the route's concurrency.
 */
final class Dispatcher {

    /** The events waiting for one ordering key; its head is in flight while the lane is not in {@code ready}. */
    private static final class Lane {
        final String key;
        final ArrayDeque<TrackedEvent> events = new ArrayDeque<>();

        Lane(String key) {
            this.key = key;
        }
    }

    private final Route route;
    private final RouterObserver observer;
    private final DeliveryAttempts attempts;
    private final int maxEvents;
    private final long maxBytes;
    private final long maxBatchDelayNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final Condition roomAvailable = lock.newCondition();
    /** Signalled when an event joins a lane a worker holds, for a worker waiting to fill a batch. */
    private final Condition laneGrew = lock.newCondition();
    private final Map<String, Lane> lanes = new HashMap<>();
    private final ArrayDeque<Lane> ready = new ArrayDeque<>();
    private final LinkedHashSet<TrackedEvent> unacknowledged = new LinkedHashSet<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Thread> workers = new ArrayList<>();
    private int reservedEvents;
    private long reservedBytes;
    private int inFlight;
    private volatile boolean stopping;

    Dispatcher(Route route, RouterObserver observer, Sleeper sleeper) {
        this.route = route;
        this.observer = observer;
        Sleeper stoppable = sleeper != null ? sleeper : duration -> stopped.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        this.attempts = new DeliveryAttempts(route, observer, stoppable, () -> stopping,
                RateLimiter.of(route.delivery().rateLimit()));
        this.maxEvents = route.delivery().maxQueuedEvents();
        this.maxBytes = route.delivery().maxQueuedBytes();
        this.maxBatchDelayNanos = route.processor().maxBatchSize() > 1 ? route.processor().maxBatchDelay().toNanos() : 0;
    }

    void start() {
        for (int i = 0; i < route.delivery().concurrency(); i++) {
            workers.add(Thread.ofVirtual().name("deliver-" + route.name() + "-" + i).start(this::work));
        }
    }

    Route route() {
        return route;
    }

    /**
     * Reserves room for one event of {@code bytes}, waiting until {@code deadlineNanos} ({@link System#nanoTime()}
     * based; {@code Long.MAX_VALUE} waits for ever). An event larger than the byte limit fits into an empty queue.
     *
     * @return false when the deadline passed or the router is stopping
     */
    boolean reserve(long bytes, long deadlineNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!stopping && !hasRoom(bytes)) {
                if (deadlineNanos == Long.MAX_VALUE) {
                    roomAvailable.await();
                } else {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    roomAvailable.awaitNanos(left);
                }
            }
            if (stopping) {
                return false;
            }
            reservedEvents++;
            reservedBytes += bytes;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void cancelReservation(long bytes) {
        lock.lock();
        try {
            reservedEvents--;
            reservedBytes -= bytes;
            roomAvailable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Queues an event whose room was reserved. */
    void enqueue(TrackedEvent event) {
        lock.lock();
        try {
            add(event);
        } finally {
            lock.unlock();
        }
        observer.queued(route.name(), event);
    }

    /** Queues events whose room was reserved, in one step: a worker that takes their lane sees them all. */
    void enqueueAll(List<TrackedEvent> events) {
        lock.lock();
        try {
            events.forEach(this::add);
        } finally {
            lock.unlock();
        }
        events.forEach(event -> observer.queued(route.name(), event));
    }

    private void add(TrackedEvent event) {
        Lane lane = lanes.computeIfAbsent(event.orderingKey(), Lane::new);
        lane.events.addLast(event);
        unacknowledged.add(event);
        if (lane.events.size() == 1) {
            ready.addLast(lane);
            workAvailable.signal();
        } else if (maxBatchDelayNanos > 0) {
            laneGrew.signalAll();
        }
    }

    private boolean hasRoom(long bytes) {
        if (reservedEvents == 0) {
            return true;
        }
        return reservedEvents < maxEvents && reservedBytes + bytes <= maxBytes;
    }

    private void work() {
        int maxBatch = Math.max(1, route.processor().maxBatchSize());
        while (true) {
            Lane lane;
            List<TrackedEvent> batch = new ArrayList<>();
            lock.lock();
            try {
                while (ready.isEmpty() && !stopping) {
                    workAvailable.awaitUninterruptibly();
                }
                if (stopping) {
                    return;
                }
                lane = ready.pollFirst();
                // the lane is this worker's now: events published meanwhile join it, up to a full batch
                long wait = maxBatchDelayNanos;
                try {
                    while (wait > 0 && lane.events.size() < maxBatch && !stopping) {
                        wait = laneGrew.awaitNanos(wait);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // stopping: the attempt below gives the batch up
                }
                for (TrackedEvent event : lane.events) {
                    if (batch.size() == maxBatch) {
                        break;
                    }
                    batch.add(event);
                }
                inFlight += batch.size();
            } finally {
                lock.unlock();
            }
            List<DeliveryAttempts.Outcome> outcomes = attempts.deliver(batch);
            if (!finish(lane, batch, outcomes)) {
                return;
            }
        }
    }

    /** Completes a batch; returns false when the router is stopping and the worker should end. */
    private boolean finish(Lane lane, List<TrackedEvent> batch, List<DeliveryAttempts.Outcome> outcomes) {
        List<TrackedEvent> done = new ArrayList<>(batch.size());
        List<Acknowledgement.Outcome> doneOutcomes = new ArrayList<>(batch.size());
        boolean abandoned = outcomes.contains(DeliveryAttempts.Outcome.ABANDONED);
        lock.lock();
        try {
            inFlight -= batch.size();
            for (int i = 0; i < batch.size(); i++) {
                if (outcomes.get(i) == DeliveryAttempts.Outcome.ABANDONED) {
                    continue; // stays queued and un-acknowledged: the provider replays it after a restart
                }
                TrackedEvent event = batch.get(i);
                lane.events.remove(event);
                unacknowledged.remove(event);
                reservedEvents--;
                reservedBytes -= event.bytes();
                done.add(event);
                doneOutcomes.add(switch (outcomes.get(i)) {
                    case DEAD_LETTERED -> Acknowledgement.Outcome.DEAD_LETTERED;
                    case DROPPED -> Acknowledgement.Outcome.DROPPED;
                    default -> Acknowledgement.Outcome.DELIVERED;
                });
            }
            if (lane.events.isEmpty()) {
                lanes.remove(lane.key);
            } else if (!abandoned) {
                ready.addLast(lane);
                workAvailable.signal();
            }
            roomAvailable.signalAll();
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < done.size(); i++) {
            done.get(i).processorDone(doneOutcomes.get(i));
        }
        return !abandoned;
    }

    /** Stops taking work; attempts in flight may finish within {@code grace}, then workers are interrupted. */
    void stop(Duration grace) throws InterruptedException {
        lock.lock();
        try {
            stopping = true;
            workAvailable.signalAll();
            roomAvailable.signalAll();
        } finally {
            lock.unlock();
        }
        stopped.countDown();
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread worker : workers) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                worker.join(Duration.ofNanos(left));
            }
            if (worker.isAlive()) {
                worker.interrupt();
            }
        }
        for (Thread worker : workers) {
            worker.join(Duration.ofSeconds(1));
        }
    }

    /** Events queued or in flight. */
    int depth() {
        lock.lock();
        try {
            return unacknowledged.size();
        } finally {
            lock.unlock();
        }
    }

    long queuedBytes() {
        lock.lock();
        try {
            return reservedBytes;
        } finally {
            lock.unlock();
        }
    }

    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Age of the oldest event this route has not finished, zero when there is none. */
    Duration oldestUnacknowledgedAge(Instant now) {
        lock.lock();
        try {
            if (unacknowledged.isEmpty()) {
                return Duration.ZERO;
            }
            Duration age = Duration.between(unacknowledged.getFirst().receivedAt(), now);
            return age.isNegative() ? Duration.ZERO : age;
        } finally {
            lock.unlock();
        }
    }
}
