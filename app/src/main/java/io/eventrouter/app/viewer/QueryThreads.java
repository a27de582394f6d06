package io.eventrouter.app.viewer;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the viewer evaluates what browsers ask for (their CESQL filters): a few platform threads with a bounded
 * queue, apart from the virtual threads that deliver events and answer HTTP. A virtual thread busy computing keeps
 * its carrier thread (there are as many as cores) until it finishes; a platform thread is preempted by the operating
 * system, so a costly query slows the router down at most by the share of these threads, never stops it.
 *
 * <p>Each piece of work has a time budget: past it, or when the browser goes away, it is interrupted (the work
 * checks between events) and the caller gets {@link QueryException}; when the queue is full, too.
 */
final class QueryThreads implements AutoCloseable {

    /** Work waiting for a thread: one per connected stream plus a few history requests. */
    static final int QUEUE_CAPACITY = EventViewer.MAX_BROWSERS + 16;
    /** How long one query may run: a history request, or one event of a stream. */
    static final Duration BUDGET = Duration.ofSeconds(10);

    private final ThreadPoolExecutor pool;
    private final Duration budget;

    QueryThreads() {
        this(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), QUEUE_CAPACITY, BUDGET);
    }

    QueryThreads(int threads, int queueCapacity, Duration budget) {
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), work -> {
                    Thread thread = new Thread(work, "viewer-query-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    thread.setPriority(Thread.MIN_PRIORITY);
                    return thread;
                });
        this.budget = budget;
    }

    /**
     * Runs {@code work} on a query thread and waits for its result.
     *
     * @param gone set when the browser went away, to stop waiting; may be {@code null}
     */
    <T> T run(Callable<T> work, ClientGone gone) throws QueryException, InterruptedException {
        Future<T> future;
        try {
            future = pool.submit(work);
        } catch (RejectedExecutionException e) {
            throw new QueryException(503, "the viewer is busy with other queries; retry later");
        }
        if (gone != null) {
            gone.onGone(() -> future.cancel(true));
        }
        try {
            return future.get(budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new QueryException(503, "the query took longer than " + budget.toSeconds() + " s and was stopped");
        } catch (CancellationException e) {
            throw new QueryException(499, "the browser went away");
        } catch (ExecutionException e) {
            throw new QueryException(500, "the query failed: " + e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        }
    }

    /** Stops the work in progress. */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** Where a caller learns that its client went away. */
    interface ClientGone {
        void onGone(Runnable action);
    }

    /** A query that did not finish: too busy, too long, or its browser left. */
    static final class QueryException extends Exception {
        private final int status;

        QueryException(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
