package io.eventrouter.spi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RefreshingTest {

    @Test
    void readsOnceBeforeTheConstructorReturns() {
        AtomicInteger reads = new AtomicInteger();
        try (Refreshing<Integer> value = new Refreshing<>("test", reads::incrementAndGet, Duration.ofHours(1),
                Duration.ofSeconds(1))) {
            assertThat(value.current()).contains(1);
        }
    }

    @Test
    void aFailedReadKeepsTheLastGoodValueAndIsRetried() {
        AtomicInteger reads = new AtomicInteger();
        AtomicBoolean failing = new AtomicBoolean();
        try (Refreshing<Integer> value = new Refreshing<>("test", () -> {
            int n = reads.incrementAndGet();
            if (failing.get()) {
                throw new IOException("down");
            }
            return n;
        }, Duration.ofMillis(20), Duration.ofMillis(5))) {
            failing.set(true);
            int before = reads.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() >= before + 3);
            assertThat(value.current()).isPresent();
            int good = value.current().orElseThrow();
            assertThat(good).isLessThanOrEqualTo(before);

            failing.set(false);
            await().atMost(Duration.ofSeconds(5)).until(() -> value.current().orElseThrow() > good);
        }
    }

    @Test
    void startsEmptyWhenTheFirstReadFailsAndFillsInLater() {
        AtomicBoolean failing = new AtomicBoolean(true);
        try (Refreshing<String> value = new Refreshing<>("test", () -> {
            if (failing.get()) {
                throw new IOException("not yet");
            }
            return "ok";
        }, Duration.ofHours(1), Duration.ofMillis(10))) {
            assertThat(value.current()).isEmpty();
            failing.set(false);
            await().atMost(Duration.ofSeconds(5)).until(() -> value.current().isPresent());
        }
    }

    @Test
    void refreshNowReadsOnTheCallersThread() {
        AtomicInteger reads = new AtomicInteger();
        try (Refreshing<Integer> value = new Refreshing<>("test", reads::incrementAndGet, Duration.ofHours(1),
                Duration.ofSeconds(1))) {
            assertThat(value.refreshNow()).isTrue();
            assertThat(value.current()).contains(2);
        }
    }
}
