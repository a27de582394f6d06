package io.eventrouter.spi;

import io.eventrouter.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A value a connector reads from its destination (a function list, a rule pattern) and re-reads in the background.
 * A failed read keeps the last good value, is logged, and is retried sooner than the regular interval; it never
 * stops anything. Until the first read succeeds there is no value, and the connector decides what that means.
 */
public final class Refreshing<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Refreshing.class);

    private final String what;
    private final Callable<T> loader;
    private final Duration interval;
    private final Duration firstRetry;
    private final AtomicReference<T> current = new AtomicReference<>();
    private final Object loadLock = new Object();
    private final Thread thread;
    private volatile boolean closed;
    private int failureStreak;

    /**
     * Reads once now (so that a healthy destination has a value before the first event), then every
     * {@code interval} on a virtual thread; after a failure the next read comes after {@code firstRetry}, doubling
     * up to {@code interval}.
     *
     * @param what names the value in log lines, e.g. {@code "OpenFaaS function list from http://gateway:8080"}
     */
    public Refreshing(String what, Callable<T> loader, Duration interval, Duration firstRetry) {
        this.what = Objects.requireNonNull(what, "what");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.interval = positive(interval);
        this.firstRetry = positive(firstRetry).compareTo(this.interval) > 0 ? this.interval : firstRetry;
        load();
        this.thread = Thread.ofVirtual().name("refresh-" + what).start(this::run);
    }

    /** The last value read successfully; empty until a read has succeeded. */
    public Optional<T> current() {
        return Optional.ofNullable(current.get());
    }

    /** Reads now, on the caller's thread; returns whether the read succeeded. */
    public boolean refreshNow() {
        return load();
    }

    private void run() {
        while (!closed) {
            Duration wait;
            synchronized (loadLock) {
                wait = failureStreak == 0 ? interval : backoff(failureStreak);
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                load();
            }
        }
    }

    private boolean load() {
        synchronized (loadLock) {
            try {
                T value = loader.call();
                current.set(Objects.requireNonNull(value, "loader returned null"));
                if (failureStreak > 0) {
                    LOG.info("{}: read again after {} failed attempt(s)", what, failureStreak);
                }
                failureStreak = 0;
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                if (closed) {
                    return false; // interrupted by close(): not a failure of the destination
                }
                failureStreak++;
                String kept = current.get() == null ? "nothing read yet" : "keeping the last good one";
                if (failureStreak == 1) {
                    LOG.warn("{}: read failed ({}); {}; retrying in {} ms", what, describe(e), kept, backoff(1).toMillis());
                } else {
                    LOG.debug("{}: read failed again ({}, {} in a row)", what, describe(e), failureStreak);
                }
                return false;
            }
        }
    }

    private Duration backoff(int failures) {
        return Backoff.exponential(firstRetry, failures - 1, interval);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Duration positive(Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("refresh interval must be more than zero");
        }
        return duration;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
