package io.eventrouter.systemtests;

import io.eventrouter.testing.vcsim.EventPoster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The crash test: 10,000 events stream from vcsim through the router, which is killed with SIGKILL at 10 random
 * moments and restarted each time. Every event must arrive at least once; duplicates are counted and reported.
 */
class VcenterCrashTest {

    private static final int EVENTS = 10_000;
    private static final int KILLS = 10;

    @Test
    void noEventIsLostWhateverMomentTheRouterIsKilledAt(@TempDir Path dir) throws Exception {
        Random random = new Random(20261121);
        try (VcenterScenario scenario = new VcenterScenario(dir, "vcenter-crash", "retry: 10");
             EventPoster poster = scenario.poster()) {
            scenario.router.start();
            AtomicInteger posted = new AtomicInteger();
            Thread posting = Thread.ofVirtual().start(() -> {
                try {
                    for (int from = 0; from < EVENTS; from += 200) {
                        poster.postAll(VcenterScenario.events("crash", from, from + 200), 4);
                        posted.addAndGet(200);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            long start = System.nanoTime();
            Set<Integer> killedAt = new HashSet<>();
            for (int kill = 1; kill <= KILLS; kill++) {
                int target = Math.min(EVENTS - 1, kill * (EVENTS / (KILLS + 1)) + random.nextInt(400) - 200);
                await().atMost(Duration.ofMinutes(3)).until(() -> scenario.arrivedMessages().size() >= target);
                killedAt.add(scenario.arrivedMessages().size());
                scenario.router.kill();
                scenario.router.start();
            }
            posting.join();
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> scenario.arrivedMessages().containsAll(VcenterScenario.messages("crash", 0, EVENTS)));

            Map<Long, Integer> counts = scenario.keyCounts();
            long duplicates = counts.values().stream().mapToLong(n -> n - 1).sum();
            System.out.printf("vcenter crash test: %d events posted, %d kills (after %s received), 0 lost, "
                            + "%d duplicate deliveries, %.0f s%n", posted.get(), KILLS, killedAt, duplicates,
                    (System.nanoTime() - start) / 1e9);
            assertThat(scenario.arrivedMessages()).containsAll(VcenterScenario.messages("crash", 0, EVENTS));
        }
    }
}
