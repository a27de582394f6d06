package io.eventrouter.horizon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.health.HealthRegistry;
import io.eventrouter.http.ClientTls;
import io.eventrouter.routing.Router;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.horizon.LocalHorizon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import java.time.Instant;
import java.util.Set;

/**
 * The Horizon provider against {@link LocalHorizon} (the REST API on 127.0.0.1), publishing into the real router,
 * whose acknowledgements drive the checkpoints.
 */
class HorizonProviderTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HorizonProvider.Tuning SMALL_WINDOW = new HorizonProvider.Tuning(Duration.ofMillis(20),
            Duration.ofMillis(200), Duration.ofMillis(50), 5, 12);

    @TempDir
    Path checkpointDir;

    private LocalHorizon horizon;
    private RecordingDestination destination;
    private Router router;
    private HealthRegistry health;
    private HorizonProvider provider;
    private final AtomicInteger providerErrors = new AtomicInteger();
    private final long base = System.currentTimeMillis() - 600_000;

    @BeforeEach
    void start() throws Exception {
        horizon = new LocalHorizon();
        destination = new RecordingDestination();
        router = newRouter();
    }

    private Router newRouter() {
        return TestRuns.router(destination, new RouterObserver() {
            @Override
            public void providerError(String provider) {
                providerErrors.incrementAndGet();
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (provider != null) {
            provider.close();
        }
        router.close(Duration.ofSeconds(1));
        horizon.close();
    }

    private HorizonProvider startProvider(String extra) throws Exception {
        return startProvider(extra, TestRuns.FAST);
    }

    private HorizonProvider startProvider(String extra, HorizonProvider.Tuning tuning) throws Exception {
        HorizonConfig config = ConfigSections.bind("""
                address: %s
                checkpointDir: %s
                auth:
                  type: active_directory
                  activeDirectoryAuth: {domain: corp, username: administrator, password: ReplaceMe}
                %s
                %s
                """.formatted(horizon.address(), checkpointDir, extra.contains("pollInterval") ? "" : "pollInterval: 20ms",
                extra), HorizonConfig.class);
        health = new HealthRegistry(Clock.systemUTC());
        provider = TestRuns.start(config, tuning, router, health, ClientTls.systemDefault());
        return provider;
    }

    private List<Long> addEvents(int count, long from) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(horizon.addEvent(from + i * 10L, "VLSI_USERLOGGEDIN"));
        }
        return ids;
    }

    /** Starts with one event taken, so that what follows is read with the time filter. */
    private void startAfterOneEvent(String extra, HorizonProvider.Tuning tuning) throws Exception {
        horizon.addEvent(base, "START");
        startProvider(extra, tuning);
        await().atMost(WAIT).until(() -> destination.received().size() == 1);
    }

    /** Adds {@code count} events and checks they all arrive after the first one, once, oldest first. */
    private List<Long> burstArrives(int count, long time, boolean sameTime) {
        List<Long> burst = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            burst.add(horizon.addEvent(sameTime ? time : time + i * 10L, "VLSI_USERLOGGEDIN"));
        }
        await().atMost(WAIT).until(() -> destination.received().size() == count + 1);
        assertThat(destination.ids().subList(1, count + 1)).containsExactlyElementsOf(asStrings(burst));
        return burst;
    }

    private static List<String> asStrings(List<Long> ids) {
        return ids.stream().map(String::valueOf).toList();
    }

    @Test
    void startsWithTheLastTenEventsOldestFirstInTheOriginalsFormatWithMillisecondsAndSubject() throws Exception {
        List<Long> ids = addEvents(15, base);
        long time = base + 14 * 10L;
        startProvider("");

        await().atMost(WAIT).until(() -> destination.received().size() == 10);
        assertThat(destination.ids()).containsExactlyElementsOf(asStrings(ids.subList(5, 15)));
        CloudEvent last = destination.received().getLast();
        assertThat(last.getId()).isEqualTo(String.valueOf(ids.getLast()));
        assertThat(last.getSource()).isEqualTo(horizon.address());
        assertThat(last.getType()).isEqualTo("com.vmware.event.router/horizon.vlsi_userloggedin.v0");
        assertThat(last.getSubject()).isEqualTo("VLSI_USERLOGGEDIN");
        assertThat(last.getTime()).isEqualTo(OffsetDateTime.ofInstant(Instant.ofEpochMilli(time), ZoneOffset.UTC));
        assertThat(last.getDataContentType()).isEqualTo("application/json");
        JsonNode data = JSON.readTree(last.getData().toBytes());
        assertThat(data.get("id").asLong()).isEqualTo(ids.getLast());
        assertThat(data.get("time").asLong()).isEqualTo(time);
        assertThat(data.get("type").asText()).isEqualTo("VLSI_USERLOGGEDIN");
        assertThat(data.get("severity").asText()).isEqualTo("AUDIT_SUCCESS");
        assertThat(data.get("user_id").asText()).startsWith("S-1-5-21");
        assertThat(data.has("machine_id")).as("empty fields are left out, as the original's omitempty").isFalse();
        await().atMost(WAIT).until(() -> health.isUp("horizon"));
    }

    @Test
    void laterEventsArriveOnceAndInOrderEvenWhenTheyShareAMillisecond() throws Exception {
        addEvents(3, base);
        startProvider("");
        await().atMost(WAIT).until(() -> destination.received().size() == 3);

        long shared = base + 1_000;
        long first = horizon.addEvent(shared, "VLSI_USERLOGGEDOUT");
        long second = horizon.addEvent(shared, "VLSI_USERLOGGEDOUT");
        await().atMost(WAIT).until(() -> destination.received().size() == 5);
        long third = horizon.addEvent(shared, "BROKER_USERLOGGEDIN");
        long fourth = horizon.addEvent(shared + 1, "BROKER_USERLOGGEDIN");
        await().atMost(WAIT).until(() -> destination.received().size() == 7);
        // a few more polls that see the same millisecond again must not repeat anything
        int polls = horizon.filters().size();
        await().atMost(WAIT).until(() -> horizon.filters().size() > polls + 3);

        assertThat(destination.ids()).hasSize(7).endsWith(asStrings(List.of(first, second, third, fourth))
                .toArray(String[]::new));
        JsonNode filter = JSON.readTree(horizon.filters().getLast());
        assertThat(filter.get("type").asText()).isEqualTo("Between");
        assertThat(filter.get("name").asText()).isEqualTo("time");
        assertThat(filter.get("fromValue").asLong()).isEqualTo(shared + 1);
        assertThat(filter.get("toValue").asLong()).isGreaterThan(System.currentTimeMillis() + 23 * 3_600_000L);
    }

    @Test
    void aBurstIsDrainedPageAfterPageInOneReadWithoutWaitingForThePollInterval() throws Exception {
        startAfterOneEvent("pollInterval: 1500ms", TestRuns.FAST);

        burstArrives(40, base + 100, false);

        assertThat(horizon.auditQueries()).as("one read went through all 8 pages of the burst")
                .anySatisfy(query -> {
                    assertThat(query.get("page")).isEqualTo("8");
                    assertThat(query.get("size")).isEqualTo("5");
                    assertThat(JSON.readTree(query.get("filter")).get("fromValue").asLong()).isEqualTo(base);
                });
    }

    @Test
    void aWindowLargerThanMemoryAllowsIsReadOlderPartFirstWithoutLossOrRepeat() throws Exception {
        startAfterOneEvent("", SMALL_WINDOW);

        burstArrives(47, base + 100, false);

        assertThat(horizon.filters()).as("the window was narrowed to its older part")
                .anySatisfy(filter -> assertThat(JSON.readTree(filter).get("toValue").asLong())
                        .isLessThan(System.currentTimeMillis()));
    }

    @Test
    void manyEventsInOneMillisecondAreAllReadEvenBeyondTheWindowLimit() throws Exception {
        horizon.sendHasMoreRecords = false;
        startAfterOneEvent("", SMALL_WINDOW);

        burstArrives(20, base + 100, true);

        int polls = horizon.filters().size();
        await().atMost(WAIT).until(() -> horizon.filters().size() > polls + 3);
        assertThat(destination.received()).hasSize(21);
    }

    @Test
    void withoutTheHasMoreRecordsHeaderAFullPageMeansReadOn() throws Exception {
        horizon.sendHasMoreRecords = false;
        startAfterOneEvent("", TestRuns.FAST);

        burstArrives(23, base + 100, false);
    }

    @Test
    void anExpiredAccessTokenIsRefreshedAndAnExpiredRefreshTokenMeansLoggingInAgain() throws Exception {
        addEvents(1, base);
        startProvider("");
        await().atMost(WAIT).until(() -> destination.received().size() == 1);
        assertThat(horizon.count("POST /rest/login")).isEqualTo(1);

        horizon.expireAccessTokens();
        horizon.addEvent(base + 500, "A");
        await().atMost(WAIT).until(() -> destination.received().size() == 2);
        assertThat(horizon.count("POST /rest/refresh")).isEqualTo(1);
        assertThat(horizon.count("POST /rest/login")).isEqualTo(1);

        horizon.expireAccessTokens();
        horizon.expireRefreshTokens();
        horizon.addEvent(base + 600, "B");
        await().atMost(WAIT).until(() -> destination.received().size() == 3);
        assertThat(horizon.count("POST /rest/refresh")).isEqualTo(2);
        assertThat(horizon.count("POST /rest/login")).isEqualTo(2);
        assertThat(health.isUp("horizon")).isTrue();
    }

    @Test
    void aMissingEventDatabaseIsReportedAndWaitedOutNotFatal() throws Exception {
        horizon.databaseMissing = true;
        addEvents(2, base);
        startProvider("");

        await().atMost(WAIT).until(() -> !health.states().get("horizon").reason().equals("starting"));
        assertThat(health.isUp("horizon")).isFalse();
        assertThat(health.states().get("horizon").reason()).contains("409").contains("event database");
        int tries = horizon.requests().size();
        await().atMost(WAIT).until(() -> horizon.requests().size() > tries + 2);

        horizon.databaseMissing = false;
        await().atMost(WAIT).until(() -> destination.received().size() == 2);
        assertThat(health.isUp("horizon")).isTrue();
    }

    @Test
    void wrongCredentialsAreRetriedWithBackoffAndRecoverWithoutRestart() throws Exception {
        horizon.password = "changed";
        addEvents(1, base);
        startProvider("");

        await().atMost(WAIT).until(() -> horizon.count("POST /rest/login") >= 3);
        assertThat(health.isUp("horizon")).isFalse();
        assertThat(health.states().get("horizon").reason()).contains("401")
                .contains("check domain, username and password").doesNotContain("ReplaceMe");

        horizon.password = LocalHorizon.PASSWORD;
        await().atMost(WAIT).until(() -> destination.received().size() == 1);
        assertThat(health.isUp("horizon")).isTrue();
    }

    @Test
    void anUnreachableHorizonIsDownAndRetried() throws Exception {
        horizon.close();
        startProvider("");

        await().atMost(WAIT).until(() -> health.states().get("horizon").reason().startsWith("cannot reach Horizon"));
    }

    @Test
    void itemsWithoutIdOrTimeAreSkippedAndCounted() throws Exception {
        horizon.addEvent(base, "GOOD");
        horizon.addRawEvent("{\"id\":\"x\",\"time\":1,\"type\":\"BAD\"}", 1);
        startProvider("");

        await().atMost(WAIT).until(() -> destination.received().size() == 1);
        await().atMost(WAIT).until(() -> providerErrors.get() >= 1);
    }

    @Test
    void closingLogsOut() throws Exception {
        addEvents(1, base);
        startProvider("");
        await().atMost(WAIT).until(() -> destination.received().size() == 1);
        assertThat(horizon.isLoggedIn()).isTrue();

        provider.close();
        provider = null;

        assertThat(horizon.count("POST /rest/logout")).isEqualTo(1);
        assertThat(horizon.isLoggedIn()).isFalse();
    }

    @Test
    void resumesAfterTheCheckpointWithoutRepeatsAndWithTheEventsOfTheDowntime() throws Exception {
        List<Long> before = addEvents(4, base);
        startProvider("checkpoint: true");
        await().atMost(WAIT).until(() -> destination.received().size() == 4);
        Path file = checkpointDir.resolve("cp-127.0.0.1.json");
        await().atMost(WAIT).until(() -> Files.exists(file)
                && JSON.readTree(Files.readString(file)).get("lastEventId").asLong() == before.getLast());
        provider.close();
        provider = null;

        List<Long> downtime = addEvents(3, base + 1_000);
        startProvider("checkpoint: true");

        await().atMost(WAIT).until(() -> destination.received().size() == 7);
        assertThat(destination.ids()).containsExactlyElementsOf(asStrings(concat(before, downtime)));
        JsonNode checkpoint = JSON.readTree(Files.readString(file));
        assertThat(checkpoint.get("horizon").asText()).isEqualTo("127.0.0.1");
        assertThat(checkpoint.get("lastEventType").asText()).isEqualTo("VLSI_USERLOGGEDIN");
        assertThat(checkpoint.has("lastEventTimestamp")).isTrue();
        assertThat(checkpoint.has("createdTimestamp")).isTrue();
    }

    @Test
    void theCheckpointNeverPassesAnEventThatWasNotAcknowledged() throws Exception {
        List<Long> ids = addEvents(5, base);
        String held = String.valueOf(ids.get(2));
        destination.unavailableFor = event -> event.getId().equals(held);
        startProvider("checkpoint: true");
        await().atMost(WAIT).until(() -> destination.received().size() == 2);
        Path file = checkpointDir.resolve("cp-127.0.0.1.json");
        await().atMost(WAIT).until(() -> Files.exists(file));
        int polls = horizon.filters().size();
        await().atMost(WAIT).until(() -> horizon.filters().size() > polls + 3);
        provider.close();
        provider = null;
        router.close(Duration.ofMillis(200));

        assertThat(JSON.readTree(Files.readString(file)).get("lastEventId").asLong()).isEqualTo(ids.get(1));

        destination.unavailableFor = event -> false;
        router = newRouter();
        startProvider("checkpoint: true");
        await().atMost(WAIT).until(() -> destination.received().size() == 5);
        assertThat(destination.ids()).containsExactlyElementsOf(asStrings(ids));
    }

    @Test
    void aCheckpointOlderThanTheMaximumAgeResumesFromThen() throws Exception {
        long now = System.currentTimeMillis();
        Files.writeString(checkpointDir.resolve("cp-127.0.0.1.json"), CheckpointFile.write(
                new Position(now - 7_200_000, Set.of(1L), 1, "OLD"), "127.0.0.1", Instant.now()));
        horizon.addEvent(now - 5_000_000, "TOO_OLD");
        long recent = horizon.addEvent(now - 60_000, "RECENT");
        startProvider("checkpoint: true\ncheckpointMaxAge: 30m");

        await().atMost(WAIT).until(() -> destination.received().size() == 1);
        int polls = horizon.filters().size();
        await().atMost(WAIT).until(() -> horizon.filters().size() > polls + 2);
        assertThat(destination.ids()).containsExactly(String.valueOf(recent));
    }

    @Test
    void anUnreadableCheckpointStartsWithTheLastTenEvents() throws Exception {
        Files.writeString(checkpointDir.resolve("cp-127.0.0.1.json"), "{ not json");
        List<Long> ids = addEvents(12, base);
        startProvider("checkpoint: true");

        await().atMost(WAIT).until(() -> destination.received().size() == 10);
        assertThat(destination.ids()).containsExactlyElementsOf(asStrings(ids.subList(2, 12)));
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        List<Long> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
