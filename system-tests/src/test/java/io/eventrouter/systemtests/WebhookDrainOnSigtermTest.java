package io.eventrouter.systemtests;

import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pod deletion, stood in for by SIGTERM to a router process whose webhook journal holds events the sink has not
 * taken yet: every event answered 200 is delivered, either drained before the process exits or, when the grace is too
 * short, by the next process started on the same journal directory (the pod that gets the volume).
 */
class WebhookDrainOnSigtermTest {

    private static final int ACCEPTED = 100;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void sigtermRefusesNewPostsAndDrainsTheJournalBeforeExiting(@TempDir Path dir) throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start()) {
            AtomicBoolean sinkDown = new AtomicBoolean(true);
            receiver.respondWith(event -> {
                if (sinkDown.get()) {
                    return CloudEventsReceiver.Reply.of(503);
                }
                slowSink(20);
                return CloudEventsReceiver.Reply.of(202);
            });
            Setup setup = setup(dir, receiver, "drain");
            try (RouterProcess router = new RouterProcess(setup.config, setup.metricsPort, "webhook-drain")
                    .arguments("--shutdown-grace", "PT60S").start()) {
                List<String> accepted = postAll(setup.webhook, "d");
                assertThat(distinctIds(receiver)).isEmpty();

                CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> stop(router));
                await().atMost(Duration.ofSeconds(10)).until(() -> readyzStatus(router) == 503);
                HttpResponse<String> late = post(setup.webhook, "late");
                assertThat(late.statusCode()).isEqualTo(503);
                assertThat(exit).isNotDone();
                sinkDown.set(false);

                assertThat(exit.get()).isEqualTo(143);
                Set<String> deliveredBeforeExit = distinctIds(receiver);
                System.out.printf("webhook drain on SIGTERM: %d accepted, %d delivered before the process exited%n",
                        accepted.size(), deliveredBeforeExit.size());
                assertThat(deliveredBeforeExit).containsAll(accepted).doesNotContain("late");
                assertThat(router.output()).contains("drained in").contains(ACCEPTED + " accepted events delivered, none left");
            }
        }
    }

    @Test
    void whatTheGraceCannotDrainIsDeliveredByTheNextProcessOnTheJournal(@TempDir Path dir) throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start()) {
            AtomicBoolean sinkDown = new AtomicBoolean(true);
            receiver.respondWith(event -> CloudEventsReceiver.Reply.of(sinkDown.get() ? 503 : 202));
            Setup setup = setup(dir, receiver, "resume");
            try (RouterProcess router = new RouterProcess(setup.config, setup.metricsPort, "webhook-drain-resume")
                    .arguments("--shutdown-grace", "PT3S").start()) {
                List<String> accepted = postAll(setup.webhook, "r");

                long start = System.nanoTime();
                assertThat(router.stop()).isEqualTo(143);
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(distinctIds(receiver)).isEmpty();
                assertThat(router.output()).contains(ACCEPTED + " left in the journal");
                assertThat(seconds).as("exits within its grace").isLessThan(8);

                sinkDown.set(false);
                router.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> distinctIds(receiver).containsAll(accepted));
                System.out.printf("webhook drain on SIGTERM, grace too short: exit after %.1f s with %d accepted "
                        + "events in the journal; all delivered by the next process on it%n", seconds, accepted.size());
            }
        }
    }

    private record Setup(Path config, int metricsPort, URI webhook) {
    }

    private static Setup setup(Path dir, CloudEventsReceiver receiver, String name) throws Exception {
        int webhookPort = FreePorts.next();
        int metricsPort = FreePorts.next();
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata: {name: %s}
                eventProvider:
                  type: webhook
                  webhook:
                    bindAddress: "127.0.0.1:%d"
                    journal: {directory: "%s", maxBytes: 67108864, segmentBytes: 1048576}
                eventProcessor:
                  type: knative
                  knative:
                    encoding: binary
                    destination: {uri: "%s"}
                  delivery: {concurrency: 1, retry: 1000, backoffPolicy: linear, backoffDelay: PT0.1S}
                metricsProvider:
                  type: default
                  default: {bindAddress: "127.0.0.1:%d"}
                """.formatted(name, webhookPort, dir.resolve("journal"), receiver.uri(), metricsPort));
        return new Setup(config, metricsPort, URI.create("http://127.0.0.1:" + webhookPort + "/webhook"));
    }

    /** Posts ACCEPTED events, each answered 200 once it is in the journal. */
    private List<String> postAll(URI webhook, String prefix) throws Exception {
        List<String> ids = IntStream.range(0, ACCEPTED).mapToObj(i -> prefix + i).toList();
        for (String id : ids) {
            assertThat(post(webhook, id).statusCode()).as("post %s", id).isEqualTo(200);
        }
        return ids;
    }

    private HttpResponse<String> post(URI webhook, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("ce-specversion", "1.0").header("ce-id", id)
                .header("ce-source", "/drain-test").header("ce-type", "test.event")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int readyzStatus(RouterProcess router) throws Exception {
        return http.send(HttpRequest.newBuilder(router.metrics("/readyz")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int stop(RouterProcess router) {
        try {
            return router.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Set<String> distinctIds(CloudEventsReceiver receiver) {
        Set<String> ids = new HashSet<>();
        receiver.events().forEach(event -> ids.add(event.getId()));
        return ids;
    }

    /** The destination takes this long per event. */
    private static void slowSink(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
