package io.eventrouter.horizon;

import io.eventrouter.health.HealthRegistry;
import io.eventrouter.http.ClientTls;
import io.eventrouter.routing.Router;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.horizon.LocalHorizon;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the Horizon provider gained from the runner it shares with vCenter's: a reader that reads nothing while Horizon
 * shows newer events is reported as stalled (metrics, /readyz) and logs in again; a session Horizon rejects even after
 * a token refresh is replaced by a new login at once; nothing is lost or repeated either way.
 */
class HorizonSessionAndStallTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HorizonProvider.Tuning FAST_STALLS = new HorizonProvider.Tuning(Duration.ofMillis(20),
            Duration.ofMillis(200), Duration.ofMillis(50), 5, 1000, Duration.ofSeconds(1), Duration.ofMillis(50));

    private final long base = System.currentTimeMillis() - 600_000;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private LocalHorizon horizon;
    private RecordingDestination destination;
    private Router router;
    private HealthRegistry health;
    private HorizonProvider provider;

    @BeforeEach
    void start() throws Exception {
        horizon = new LocalHorizon();
        destination = new RecordingDestination();
        router = TestRuns.router(destination, new RouterObserver() {
        });
        HorizonConfig config = ConfigSections.bind("""
                address: %s
                pollInterval: 20ms
                auth:
                  type: active_directory
                  activeDirectoryAuth: {domain: corp, username: administrator, password: ReplaceMe}
                """.formatted(horizon.address()), HorizonConfig.class);
        health = new HealthRegistry(Clock.systemUTC());
        horizon.addEvent(base, "START");
        provider = TestRuns.start(config, FAST_STALLS, router, health, ClientTls.systemDefault(), meters);
        await().atMost(WAIT).until(() -> destination.received().size() == 1);
        await().atMost(WAIT).until(() -> health.isUp("horizon"));
    }

    @AfterEach
    void stop() throws Exception {
        provider.close();
        router.close(Duration.ofSeconds(1));
        horizon.close();
    }

    @Test
    void aReaderThatSeesNothingWhileHorizonShowsNewerEventsIsReportedAndLogsInAgain() {
        long logins = horizon.count("POST /rest/login");
        long logouts = horizon.count("POST /rest/logout");
        horizon.hideFilteredReads = true;
        List<Long> hidden = addEvents(3, base + 100);

        await().atMost(WAIT).until(() -> meters.get("eventrouter.horizon.stalls").counter().count() >= 1);
        assertThat(health.isUp("horizon")).isFalse();
        assertThat(health.states().get("horizon").reason()).startsWith("reading stalled");
        assertThat(meters.get("eventrouter.horizon.lag.events").gauge().value()).isEqualTo(3);
        await().atMost(WAIT).until(() -> horizon.count("POST /rest/login") > logins);
        assertThat(horizon.count("POST /rest/logout")).isGreaterThan(logouts); // the old session was ended

        horizon.hideFilteredReads = false;
        await().atMost(WAIT).until(() -> destination.received().size() == 4);
        assertThat(destination.ids().subList(1, 4)).containsExactlyElementsOf(asStrings(hidden));
        await().atMost(WAIT).until(() -> health.isUp("horizon"));
        assertThat(meters.get("eventrouter.horizon.lag.events").gauge().value()).isZero();
    }

    @Test
    void aSessionRejectedEvenAfterATokenRefreshIsReplacedByANewLoginWithoutLossOrRepeat() {
        long logins = horizon.count("POST /rest/login");
        horizon.rejectAuditReads(2); // the read, and its retry with a refreshed token
        List<Long> later = addEvents(2, base + 100);

        await().atMost(WAIT).until(() -> destination.received().size() == 3);
        assertThat(destination.ids().subList(1, 3)).containsExactlyElementsOf(asStrings(later));
        assertThat(horizon.count("POST /rest/refresh")).isEqualTo(1);
        assertThat(horizon.count("POST /rest/login")).isEqualTo(logins + 1);
        assertThat(horizon.count("POST /rest/logout")).isEqualTo(1);
        await().atMost(WAIT).until(() -> health.isUp("horizon"));
    }

    private List<Long> addEvents(int count, long from) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(horizon.addEvent(from + i * 10L, "VLSI_USERLOGGEDIN"));
        }
        return ids;
    }

    private static List<String> asStrings(List<Long> ids) {
        return ids.stream().map(String::valueOf).toList();
    }
}
