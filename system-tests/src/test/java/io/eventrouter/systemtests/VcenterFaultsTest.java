package io.eventrouter.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.testing.vcenter.FaultyVcenter;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every vCenter fault the fault-injecting vCenter reproduces, met by the real router process reading a real vcsim
 * through it. Each test proves the same three things: every event posted before, during and after the fault reaches
 * the processor (nothing acknowledged is lost), the condition shows in {@code /readyz} (503 with the reason) and in
 * {@code /metrics}, and the same process recovers once the fault ends. One simulator serves the whole class; each
 * test starts its own router, with a checkpoint, on events with their own message prefix.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VcenterFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String VC = "provider=\"vc\"";
    private static final Pattern RETURNVAL = Pattern.compile("<returnval[\\s>]");

    @TempDir
    static Path dir;
    static Vcsim vcsim;
    static FaultyVcenter vc;
    static CloudEventsReceiver receiver;

    private RouterProcess router;
    private long pid;

    @BeforeAll
    static void startVcenter() throws Exception {
        vcsim = Vcsim.builder().plainHttp().start();
        vc = FaultyVcenter.start(vcsim.sdkUrl(), null);
        receiver = CloudEventsReceiver.start(0, true);
    }

    @AfterAll
    static void stopVcenter() {
        vc.close();
        receiver.close();
        vcsim.close();
    }

    @AfterEach
    void stopRouter() throws InterruptedException {
        if (router != null) {
            router.close();
        }
        vc.healAll();
        receiver.respondWith(event -> CloudEventsReceiver.Reply.of(202));
    }

    @Test
    @Order(1)
    void aHiddenInventoryStallIsShownAndEndsWithoutLoss() throws Exception {
        startRouter("stall", "stallTimeout: 2s", "");
        postAndAwait("stall-before", 5);

        vc.stallEveryCollector(); // even a new collector reads nothing: the stall lasts until permissions are fixed
        post("stall-hidden", 5);
        awaitNotReady(reason -> reason.startsWith("reading stalled"));
        MetricsScrape during = metrics();
        assertThat(during.sum("eventrouter_vcenter_stalls_total", VC)).isGreaterThanOrEqualTo(1);
        assertThat(during.sum("eventrouter_vcenter_lag_events", VC)).isGreaterThanOrEqualTo(5);
        assertThat(during.sum("eventrouter_provider_up", VC)).isZero();

        vc.healAll();
        awaitArrived("stall-hidden", 5);
        awaitReady();
        assertThat(metrics().sum("eventrouter_vcenter_lag_events", VC)).isZero();
        assertRecoveredInPlace("stall");
    }

    @Test
    @Order(2)
    void anExpiredSessionIsShownAndRenewedWithoutLossOrRepeat() throws Exception {
        startRouter("session", "maxWait: 1s", "");
        postAndAwait("session-before", 5);
        double logins = metrics().sum("eventrouter_vcenter_requests_total", "method=\"Login\"");

        vc.delay("Login", Duration.ofSeconds(3)); // a slow login keeps the condition visible for a moment
        vc.expireSessions(); // the idle timeout: the session's next call answers NotAuthenticated
        post("session-during", 5);
        awaitNotReady(reason -> reason.startsWith("the session expired"));
        assertThat(metrics().sum("eventrouter_provider_up", VC)).isZero();

        vc.healAll();
        awaitArrived("session-during", 5);
        awaitReady();
        assertThat(metrics().sum("eventrouter_vcenter_requests_total", "method=\"Login\"")).isGreaterThan(logins);
        assertThat(arrivals("session-")).doesNotHaveDuplicates(); // resumed after the last event handed on
        assertRecoveredInPlace("session");
    }

    @Test
    @Order(3)
    void aCollectorLimitIsShownAndRecoveredFrom() throws Exception {
        vc.collectorLimit(1); // a provider that leaked a collector within its session would be refused here
        startRouter("collectors", "maxWait: 1s", "");
        postAndAwait("collectors-before", 5);

        vc.collectorLimit(0); // vCenter refuses any new collector ...
        vc.expireSessions(); // ... and the router must make one
        post("collectors-during", 5);
        awaitNotReady(reason -> reason.contains("maximum number of event history collectors"));
        assertThat(metrics().sum("eventrouter_provider_up", VC)).isZero();
        assertThat(metrics().sum("eventrouter_vcenter_requests_total", "method=\"CreateCollectorForEvents\""))
                .isGreaterThanOrEqualTo(2);
        int refused = vc.collectorsRefused();
        assertThat(refused).isPositive();

        vc.collectorLimit(1);
        awaitArrived("collectors-during", 5);
        awaitReady();
        assertRecoveredInPlace("collectors");
        assertThat(vc.collectorsRefused()).isEqualTo(refused); // one collector per session sufficed again
    }

    @Test
    @Order(4)
    void aSlowReadIsAbandonedShownAndRecoveredFrom() throws Exception {
        startRouter("slow", "requestTimeout: 2s\nmaxWait: 1s", "");
        postAndAwait("slow-before", 5);

        vc.delay("ReadNextEvents", Duration.ofSeconds(4)); // answers after the router gave up (60 s against 30 s)
        post("slow-during", 5);
        awaitNotReady(reason -> reason.contains("no answer"));
        assertThat(metrics().sum("eventrouter_provider_up", VC)).isZero();

        vc.healAll();
        awaitArrived("slow-during", 5);
        awaitReady();
        assertThat(arrivals("slow-")).doesNotHaveDuplicates();
        assertRecoveredInPlace("slow");
    }

    @Test
    @Order(5)
    void aHungLongPollIsAbandonedShownAndRecoveredFrom() throws Exception {
        startRouter("hung", "requestTimeout: 2s\nmaxWait: 1s", "");
        postAndAwait("hung-before", 5);

        vc.hang("WaitForUpdatesEx"); // never answers (until healed)
        post("hung-during", 5);
        awaitNotReady(reason -> reason.contains("no answer"));
        assertThat(metrics().sum("eventrouter_provider_up", VC)).isZero();
        assertThat(vc.hungCalls()).isPositive();

        vc.healAll();
        awaitArrived("hung-during", 5);
        awaitReady();
        assertThat(arrivals("hung-")).doesNotHaveDuplicates();
        assertRecoveredInPlace("hung");
    }

    /**
     * 10,000 events appear at once (the router is held at the proxy while they are created: vcsim takes 2–4 s for
     * them here) and a processor that takes a millisecond per event: the provider reads pages of 1,000, waits on the
     * full queue instead of buffering, and delivers all of them in order.
     */
    @Test
    @Order(6)
    void aBurstDrainsInFullPagesWithBoundedMemoryAndInOrder() throws Exception {
        int burst = 10_000;
        int maxQueued = 500;
        startRouter("drain", "", "maxQueuedEvents: " + maxQueued);
        postAndAwait("drain-before", 1);
        receiver.respondWith(event -> {
            try {
                Thread.sleep(1); // the slow processor itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CloudEventsReceiver.Reply.of(202);
        });

        vc.record("ReadNextEvents");
        vc.hang("ReadNextEvents");
        try (EventPoster poster = vcsim.eventPoster()) {
            long start = System.nanoTime();
            poster.postAll(VcenterScenario.events("burst", 0, burst), 128);
            System.out.printf("vcenter faults: %,d events created in %.1f s%n", burst,
                    (System.nanoTime() - start) / 1e9);
        }
        vc.healAll();
        long draining = System.nanoTime();

        AtomicReference<Double> deepestQueue = new AtomicReference<>(0.0);
        AtomicReference<Double> mostUnacknowledged = new AtomicReference<>(0.0);
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).until(() -> {
            MetricsScrape sample = metrics();
            deepestQueue.accumulateAndGet(sample.sum("eventrouter_queue_depth", "processor=\"receiver\""), Math::max);
            mostUnacknowledged.accumulateAndGet(sample.sum("eventrouter_vcenter_unacknowledged_events", VC),
                    Math::max);
            return arrivals("burst-").size() >= burst;
        });

        System.out.printf("vcenter faults: burst delivered in %.1f s; deepest queue %.0f, most unacknowledged %.0f "
                + "(limit %d)%n", (System.nanoTime() - draining) / 1e9, deepestQueue.get(), mostUnacknowledged.get(),
                maxQueued);

        List<CloudEvent> delivered = receiver.events().stream().filter(event -> message(event).startsWith("burst-"))
                .toList();
        assertThat(delivered.stream().map(VcenterFaultsTest::message).collect(Collectors.toSet()))
                .isEqualTo(VcenterScenario.messages("burst", 0, burst));
        assertThat(delivered).hasSize(burst); // none twice
        assertThat(delivered.stream().map(event -> VcenterScenario.data(event).path("Key").asLong()).toList())
                .isSorted().doesNotHaveDuplicates(); // in vCenter's order

        // backpressure: the queue filled, and neither it nor the provider's window went past the limit
        assertThat(deepestQueue.get()).isBetween(maxQueued / 2.0, (double) maxQueued);
        // (a finished event frees its room a moment before its acknowledgement reaches the provider: one more)
        assertThat(mostUnacknowledged.get()).isBetween(1.0, maxQueued + 1.0);

        List<Integer> pages = vc.exchanges("ReadNextEvents").stream()
                .peek(exchange -> assertThat(exchange.request()).contains("<maxCount>1000</maxCount>"))
                .map(exchange -> count(RETURNVAL, exchange.response())).filter(size -> size > 0).toList();
        assertThat(pages.stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(burst);
        assertThat(pages.subList(0, pages.size() - 1)).as("every page but the last is full: %s", pages)
                .containsOnly(1000);
        assertRecoveredInPlace("drain");
    }

    /** Last: it replaces the simulator. A restore from backup: keys start again from 1 with later times. */
    @Test
    @Order(7)
    void keysThatStartAgainAreShownAndEveryLaterEventDeliveredUnderNewIds() throws Exception {
        startRouter("reset", "", "");
        postAndAwait("reset-filler", 50); // keys before the reset stay above those after it, even in a lone run
        postAndAwait("reset-before", 20);
        List<CloudEvent> before = eventsWithPrefix("reset-before");
        long highestKeyBefore = before.stream().mapToLong(event -> VcenterScenario.data(event).path("Key").asLong())
                .max().orElseThrow();

        Vcsim old = vcsim;
        old.kill();
        awaitNotReady(reason -> true);
        vcsim = old.restart(); // a new history on the same address
        old.close();
        vc.upstream(vcsim.sdkUrl());
        awaitReady();
        postAndAwait("reset-after", 20);

        List<CloudEvent> after = eventsWithPrefix("reset-after");
        assertThat(after).allMatch(event -> VcenterScenario.data(event).path("Key").asLong() < highestKeyBefore);
        Set<String> idsBefore = before.stream().map(CloudEvent::getId).collect(Collectors.toSet());
        assertThat(after.stream().map(CloudEvent::getId)).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(idsBefore);
        assertThat(metrics().sum("eventrouter_vcenter_key_resets_total", VC)).isGreaterThanOrEqualTo(1);
        assertRecoveredInPlace("reset");
    }

    // ---- the router ----

    private void startRouter(String name, String vcenterSettings, String deliverySettings) throws Exception {
        int metricsPort = FreePorts.next();
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata: {name: faults-%s}
                eventProvider:
                  type: vcenter
                  name: vc
                  vcenter:
                    address: %s
                    checkpoint: true
                    checkpointDir: %s
                    reconnectBackoffMin: 200ms
                    reconnectBackoffMax: 1s
                    auth: {type: basic_auth, basicAuth: {username: %s, password: %s}}
                %s
                eventProcessor:
                  type: knative
                  name: receiver
                  knative:
                    encoding: binary
                    destination: {uri: "%s"}
                  delivery:
                    retry: 10
                %s
                metricsProvider:
                  type: default
                  default: {bindAddress: "127.0.0.1:%d"}
                """.formatted(name, vc.sdkUrl(), dir.resolve("checkpoints-" + name), vcsim.username(),
                vcsim.password(), vcenterSettings.indent(4).stripTrailing(), receiver.uri(),
                deliverySettings.indent(4).stripTrailing(), metricsPort));
        router = new RouterProcess(config, metricsPort, "vcenter-faults-" + name).start();
        pid = router.pid();
    }

    /** The process that met the fault still runs and still delivers: nothing was restarted. */
    private void assertRecoveredInPlace(String prefix) throws Exception {
        postAndAwait(prefix + "-after", 3);
        assertThat(router.isAlive()).isTrue();
        assertThat(router.pid()).isEqualTo(pid);
        assertThat(metrics().sum("eventrouter_provider_up", VC)).isEqualTo(1);
    }

    private MetricsScrape metrics() throws Exception {
        return MetricsScrape.of(router.metrics("/metrics"));
    }

    private void awaitNotReady(Predicate<String> reason) {
        AtomicReference<String> last = new AtomicReference<>("");
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                HttpResponse<String> response = readyz();
                String why = JSON.readTree(response.body()).path("providers").path("vc").path("reason").asText();
                last.set(response.statusCode() + " " + why);
                return response.statusCode() == 503 && reason.test(why);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("/readyz never answered 503 for the expected reason; last: " + last.get(), e);
        }
    }

    private void awaitReady() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> readyz().statusCode() == 200);
    }

    private HttpResponse<String> readyz() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(router.metrics("/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- events ----

    private static void post(String prefix, int count) throws Exception {
        try (EventPoster poster = vcsim.eventPoster()) {
            poster.postAll(VcenterScenario.events(prefix, 0, count), 4);
        }
    }

    private static void postAndAwait(String prefix, int count) throws Exception {
        post(prefix, count);
        awaitArrived(prefix, count);
    }

    private static void awaitArrived(String prefix, int count) {
        Set<String> expected = VcenterScenario.messages(prefix, 0, count);
        await().atMost(Duration.ofSeconds(60)).until(() -> Set.copyOf(arrivals(prefix)).containsAll(expected));
    }

    /** Messages of the events received so far that start with {@code prefix}, one entry per delivery. */
    private static List<String> arrivals(String prefix) {
        return receiver.events().stream().map(VcenterFaultsTest::message).filter(m -> m.startsWith(prefix)).toList();
    }

    private static List<CloudEvent> eventsWithPrefix(String prefix) {
        return receiver.events().stream().filter(event -> message(event).startsWith(prefix)).toList();
    }

    private static String message(CloudEvent event) {
        JsonNode data = VcenterScenario.data(event);
        return data.path("Message").asText("");
    }

    private static int count(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
