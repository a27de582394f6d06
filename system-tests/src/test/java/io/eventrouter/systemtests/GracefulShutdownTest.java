package io.eventrouter.systemtests;

import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.vcsim.EventPoster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM while a slow destination is receiving: the router stops within its shutdown grace, the delivery in flight
 * finishes or stays un-acknowledged, and after the restart every event arrives.
 */
class GracefulShutdownTest {

    @Test
    void stopsWithinTheGraceAndReplaysWhatWasNotDelivered(@TempDir Path dir) throws Exception {
        try (VcenterScenario scenario = new VcenterScenario(dir, "graceful", "retry: 5")) {
            scenario.receiver.respondWith(event -> {
                slowSink();
                return CloudEventsReceiver.Reply.of(202);
            });
            scenario.router.start();
            try (EventPoster poster = scenario.poster()) {
                poster.postAll(VcenterScenario.events("slow", 0, 15), 1);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> scenario.arrivedMessages().size() >= 3);

            long start = System.nanoTime();
            int exit = scenario.router.stop();
            double seconds = (System.nanoTime() - start) / 1e9;
            int deliveredBeforeStop = scenario.arrivedMessages().size();
            System.out.printf("graceful shutdown: exit %d after %.1f s with %d of 15 events delivered%n", exit, seconds,
                    deliveredBeforeStop);
            assertThat(exit).isEqualTo(143);
            assertThat(seconds).isLessThan(15);
            assertThat(deliveredBeforeStop).isLessThan(15);

            scenario.router.start();
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> scenario.arrivedMessages().containsAll(VcenterScenario.messages("slow", 0, 15)));
        }
    }

    /** The destination takes a second per event. */
    private static void slowSink() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
