package io.eventrouter.app.viewer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.app.viewer.SseClient.Frame;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.testing.RecordingProcessor;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The viewer's stream and JSON endpoints over HTTP, fed by a real router. */
class ViewerStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean delivered(Frame frame, long seq) {
        return frame.json().path("seq").asLong() == seq
                && frame.json().path("outcomes").path("fn").path("state").asText().equals("delivered");
    }

    @Test
    void aLateBrowserGetsTheHistoryWithOutcomesThenLiveEventsAndTheirStatus() throws Exception {
        try (ViewerFixture fixture = ViewerFixture.builder().start()) {
            fixture.publishAndWait(ViewerFixture.event("1", "VmPoweredOnEvent"));
            fixture.publishAndWait(ViewerFixture.event("2", "VmPoweredOffEvent"));
            try (SseClient browser = SseClient.open(fixture.uri("/events/stream"))) {
                assertThat(browser.status).isEqualTo(200);
                Frame hello = browser.next(WAIT);
                assertThat(hello.event()).isEqualTo("hello");
                Frame first = browser.next(WAIT);
                assertThat(first.event()).isEqualTo("event");
                JsonNode event = first.json();
                assertThat(event.path("seq").asLong()).isEqualTo(1);
                assertThat(first.id()).isEqualTo(hello.json().path("instance").asText() + "-1");
                assertThat(event.path("attributes").path("subject").asText()).isEqualTo("VmPoweredOnEvent");
                assertThat(event.path("attributes").path("time").asText()).isEqualTo("2024-05-01T10:15:00Z");
                assertThat(event.path("extensions").path("vsphereapiversion").asText()).isEqualTo("8.0.2.0");
                assertThat(event.path("provider").asText()).isEqualTo("webhook");
                assertThat(json.readTree(event.path("data").asText()).path("Vm").path("Name").asText()).isEqualTo("vm-1");
                assertThat(event.path("outcomes").path("fn").path("state").asText()).isEqualTo("delivered");
                assertThat(event.path("outcomes").path("fn").path("attempts").asInt()).isEqualTo(1);
                assertThat(browser.next(WAIT).seq()).isEqualTo(2);

                fixture.publish(ViewerFixture.event("3", "VmRemovedEvent"));
                List<Frame> live = browser.until(frame -> delivered(frame, 3), WAIT);
                assertThat(live.getFirst().event()).isEqualTo("event");
                assertThat(live.getFirst().seq()).isEqualTo(3);
                assertThat(live).filteredOn(frame -> frame.event().equals("event")).hasSize(1);
            }
        }
    }

    @Test
    void aReconnectingBrowserGetsOnlyWhatItMissedAndTheNewOutcomesOfTheRest() throws Exception {
        RecordingProcessor failing = new RecordingProcessor();
        try (ViewerFixture fixture = ViewerFixture.builder().processor(failing).start()) {
            fixture.publishAndWait(ViewerFixture.event("1", "VmPoweredOnEvent"));
            String lastId;
            try (SseClient browser = SseClient.open(fixture.uri("/events/stream"))) {
                browser.next(WAIT);
                lastId = browser.next(WAIT).id();
            }
            failing.answerWith(event -> DeliveryResult.rejected(400, "no such VM"));
            fixture.publishAndWait(ViewerFixture.event("2", "VmPoweredOffEvent"));
            try (SseClient browser = SseClient.open(fixture.uri("/events/stream"), "Last-Event-ID", lastId)) {
                assertThat(browser.next(WAIT).json().path("resumedAfter").asLong()).isEqualTo(1);
                Frame old = browser.next(WAIT);
                assertThat(old.event()).isEqualTo("status");
                assertThat(old.seq()).isEqualTo(1);
                Frame missed = browser.next(WAIT);
                assertThat(missed.event()).isEqualTo("event");
                assertThat(missed.seq()).isEqualTo(2);
                JsonNode outcome = missed.json().path("outcomes").path("fn");
                assertThat(outcome.path("state").asText()).isEqualTo("dropped");
                assertThat(outcome.path("status").asInt()).isEqualTo(400);
                assertThat(outcome.path("detail").asText()).isEqualTo("no such VM");
                assertThat(browser.drain(Duration.ofMillis(300))).isEmpty();
            }
            // An id from an earlier run of the router (another instance) must not hide this run's events.
            try (SseClient browser = SseClient.open(fixture.uri("/events/stream?since=0abc-99"))) {
                browser.next(WAIT);
                assertThat(browser.next(WAIT).seq()).isEqualTo(1);
            }
        }
    }

    @Test
    void retriesShowTheAttemptAndStatusUntilTheFinalOutcome() throws Exception {
        RecordingProcessor flaky = new RecordingProcessor();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch retrySeen = new CountDownLatch(1);
        flaky.answerWith(event -> {
            if (calls.incrementAndGet() <= 2) {
                return DeliveryResult.retryable(500, "boom");
            }
            awaitQuietly(retrySeen);   // a status frame shows the state when written: hold the success until seen
            return DeliveryResult.delivered(202);
        });
        try (ViewerFixture fixture = ViewerFixture.builder().processor(flaky).start();
             SseClient browser = SseClient.open(fixture.uri("/events/stream"))) {
            browser.next(WAIT);
            fixture.publish(ViewerFixture.event("1", "VmPoweredOnEvent"));
            JsonNode retrying = browser.until(frame -> frame.json().path("outcomes").path("fn").path("attempts")
                    .asInt() == 2, WAIT).getLast().json().path("outcomes").path("fn");
            retrySeen.countDown();
            assertThat(retrying.path("state").asText()).isEqualTo("retrying");
            assertThat(retrying.path("status").asInt()).isEqualTo(500);
            assertThat(retrying.path("detail").asText()).isEqualTo("boom");
            assertThat(retrying.has("nextAttemptAt")).isTrue();
            JsonNode delivered = browser.until(frame -> delivered(frame, 1), WAIT).getLast().json()
                    .path("outcomes").path("fn");
            assertThat(delivered.path("attempts").asInt()).isEqualTo(3);
            assertThat(delivered.path("status").asInt()).isEqualTo(202);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void eventsARouteDoesNotTakeAreShownFilteredOut() throws Exception {
        try (ViewerFixture fixture = ViewerFixture.builder()
                .filter(event -> "VmPoweredOnEvent".equals(event.getSubject())).start()) {
            fixture.publishAndWait(ViewerFixture.event("1", "AlarmStatusChangedEvent"));
            JsonNode history = json.readTree(get(fixture.uri("/events/history")).body());
            assertThat(history.path("events").get(0).path("outcomes").path("fn").path("state").asText())
                    .isEqualTo("filtered-out");
        }
    }

    @Test
    void aCesqlFilterNarrowsTheStreamAndAnInvalidOneIsRefusedWithTheReason() throws Exception {
        try (ViewerFixture fixture = ViewerFixture.builder().start()) {
            fixture.publishAndWait(ViewerFixture.event("1", "VmPoweredOnEvent"));
            fixture.publishAndWait(ViewerFixture.event("2", "AlarmStatusChangedEvent"));
            String filter = URLEncoder.encode("subject LIKE 'Vm%' AND vsphereapiversion = '8.0.2.0'",
                    StandardCharsets.UTF_8);
            try (SseClient browser = SseClient.open(fixture.uri("/events/stream?filter=" + filter))) {
                assertThat(browser.next(WAIT).json().path("filter").asText()).startsWith("subject LIKE");
                assertThat(browser.next(WAIT).seq()).isEqualTo(1);
                fixture.publish(ViewerFixture.event("3", "AlarmStatusChangedEvent"));
                fixture.publish(ViewerFixture.event("4", "VmPoweredOffEvent"));
                List<Frame> frames = browser.until(frame -> delivered(frame, 4), WAIT);
                assertThat(frames).extracting(Frame::seq).containsOnly(4L);
            }
            HttpResponse<String> bad = get(fixture.uri("/events/stream?filter="
                    + URLEncoder.encode("subject = ", StandardCharsets.UTF_8)));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).startsWith("invalid CESQL expression: ");
            assertThat(get(fixture.uri("/events/history?filter=" + URLEncoder.encode("subject LIKE 'Alarm%'",
                    StandardCharsets.UTF_8))).body()).contains("\"seq\":2").doesNotContain("\"seq\":1,");
            assertThat(get(fixture.uri("/events/stream?since=yesterday")).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void theHistoryIsBoundedAndDataIsCutForDisplayOnly() throws Exception {
        try (ViewerFixture fixture = ViewerFixture.builder().settings(5, 10).start()) {
            for (int i = 1; i <= 20; i++) {
                fixture.publishAndWait(ViewerFixture.event(String.valueOf(i), "VmPoweredOnEvent",
                        "{\"Key\":" + i + ",\"padding\":\"xxxxxxxxxxxxxxxxxxxx\"}"));
            }
            assertThat(fixture.viewer.historySize()).isEqualTo(5);
            JsonNode history = json.readTree(get(fixture.uri("/events/history")).body());
            assertThat(history.path("events")).extracting(e -> e.path("seq").asLong())
                    .containsExactly(16L, 17L, 18L, 19L, 20L);
            JsonNode last = history.path("events").get(4);
            assertThat(last.path("data").asText()).isEqualTo("{\"Key\":20,");
            assertThat(last.path("dataTruncated").asBoolean()).isTrue();
            assertThat(last.path("dataBytes").asInt()).isEqualTo(43);
            assertThat(((RecordingProcessor) fixture.processor).delivered().getLast().getData().toBytes()).hasSize(43);
            JsonNode limited = json.readTree(get(fixture.uri("/events/history?limit=2")).body());
            assertThat(limited.path("events")).extracting(e -> e.path("seq").asLong()).containsExactly(19L, 20L);
            JsonNode counts = json.readTree(get(fixture.uri("/events/counts")).body());
            assertThat(counts.path("types").get(0).path("subject").asText()).isEqualTo("VmPoweredOnEvent");
            assertThat(counts.path("types").get(0).path("count").asLong()).isEqualTo(20);
        }
    }

    @Test
    void theViewerNeedsTheMetricsServersBasicAuth() throws Exception {
        String good = "Basic " + Base64.getEncoder().encodeToString(
                (ViewerFixture.USER + ":" + ViewerFixture.PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (ViewerFixture fixture = ViewerFixture.builder().auth().start()) {
            for (String path : List.of("/events", "/events/viewer.js", "/events/stream", "/events/history",
                    "/events/counts")) {
                assertThat(get(fixture.uri(path)).statusCode()).as(path).isEqualTo(401);
            }
            HttpResponse<String> page = get(fixture.uri("/events"), "Authorization", good);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                    assertThat(policy).contains("default-src 'none'").contains("script-src 'self'"));
            assertThat(page.body()).contains("src=\"events/viewer.js\"").doesNotContainPattern("(src|href)=\"(https?:)?//");
            try (SseClient browser = SseClient.open(fixture.uri("/events/stream"), "Authorization", good)) {
                assertThat(browser.next(WAIT).event()).isEqualTo("hello");
            }
        }
    }

    @Test
    void aBrowserThatFellBehindGetsAResyncAndTheCurrentStateFromTheHistory() throws Exception {
        try (ViewerFixture fixture = ViewerFixture.builder().queueCapacity(4).start()) {
            // A subscriber whose writer has not run yet stands for a browser that stopped reading.
            Subscriber stalled = fixture.viewer.hub().subscribe();
            for (int i = 1; i <= 10; i++) {
                fixture.publishAndWait(ViewerFixture.event(String.valueOf(i), "VmPoweredOnEvent"));
            }
            assertThat(stalled.pending()).isEqualTo(4);
            assertThat(stalled.dropped()).isGreaterThan(0);
            var out = new java.io.ByteArrayOutputStream();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    new StreamSession(fixture.viewer.history(), stalled, new FilterWork(StreamFilter.ALL, null, null), "i",
                            new SseWriter(out)).run(4);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(WAIT).until(() -> out.toString(StandardCharsets.UTF_8).contains("event: resync"));
            stalled.close();
            writer.join(WAIT);
            String stream = out.toString(StandardCharsets.UTF_8);
            String afterResync = stream.substring(stream.indexOf("event: resync"));
            // The resync re-sends the state of what the browser has: statuses only, no event twice.
            assertThat(afterResync).contains("event: status").doesNotContain("event: event");
            assertThat(stream.split("event: event", -1)).hasSize(7);
        }
    }
}
