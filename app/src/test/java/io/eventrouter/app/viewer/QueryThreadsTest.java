package io.eventrouter.app.viewer;

import io.eventrouter.app.viewer.QueryThreads.QueryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The viewer's user-supplied query work (issue 17 item 1) runs off the caller's thread on a bounded pool: a full
 * queue is refused at once, work past its budget is stopped, and work whose browser went away is stopped too, so
 * that no query can hold a thread for ever.
 */
class QueryThreadsTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private QueryThreads threads;

    @AfterEach
    void stop() {
        release.countDown();
        if (threads != null) {
            threads.close();
        }
        callers.shutdownNow();
    }

    /** Work that holds its thread until released or interrupted; counts down {@code interrupted} when interrupted. */
    private java.util.concurrent.Callable<String> holding(CountDownLatch started, CountDownLatch interrupted) {
        return () -> {
            started.countDown();
            try {
                release.await();
                return "released";
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        };
    }

    @Test
    void workRunsOnAQueryThreadNotTheCallers() throws Exception {
        threads = new QueryThreads(1, 1, Duration.ofSeconds(10));
        assertThat(threads.run(() -> Thread.currentThread().getName(), null)).startsWith("viewer-query-")
                .isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void workPastItsBudgetIsStoppedWith503() {
        threads = new QueryThreads(1, 1, Duration.ofMillis(300));
        CountDownLatch interrupted = new CountDownLatch(1);
        assertThatThrownBy(() -> threads.run(holding(new CountDownLatch(1), interrupted), null))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("was stopped");
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> interrupted.getCount() == 0);
    }

    @Test
    void aFullQueueIsRefusedAtOnceWith503() throws Exception {
        threads = new QueryThreads(1, 1, Duration.ofSeconds(30));
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> call(holding(running,
                new CountDownLatch(1))), callers);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        // the only thread is busy and one query fits in the queue: of two more, one waits and one is refused
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> call(() -> "second"), callers);
        CompletableFuture<String> third = CompletableFuture.supplyAsync(() -> call(() -> "third"), callers);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.isDone() || third.isDone());
        CompletableFuture<String> refused = second.isDone() ? second : third;
        CompletableFuture<String> waiting = refused == second ? third : second;
        assertThatThrownBy(refused::join).rootCause().isInstanceOfSatisfying(QueryException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage()).contains("busy");
        });
        assertThat(waiting).isNotDone();
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("released");
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isIn("second", "third");
    }

    @Test
    void workWhoseBrowserWentAwayIsStopped() throws Exception {
        threads = new QueryThreads(1, 1, Duration.ofSeconds(30));
        AtomicReference<Runnable> gone = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> {
            try {
                threads.run(holding(started, interrupted), gone::set);
                return 200;
            } catch (QueryException e) {
                return e.status();
            } catch (InterruptedException e) {
                return -1;
            }
        }, callers);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        // the work may start before the caller has registered what to do when the browser leaves
        await().atMost(Duration.ofSeconds(10)).until(() -> gone.get() != null);
        gone.get().run();
        assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(499);
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the query thread was interrupted").isTrue();
        assertThat(threads.run(() -> "free again", null)).isEqualTo("free again");
    }

    private String call(java.util.concurrent.Callable<String> work) {
        try {
            return threads.run(work, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
