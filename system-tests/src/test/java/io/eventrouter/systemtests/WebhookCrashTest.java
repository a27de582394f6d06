package io.eventrouter.systemtests;

import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Senders POST events to the webhook while the router is killed with SIGKILL and restarted, several times: every event
 * whose POST was answered 2xx must reach the receiver, in both modes (2xx after delivery, 2xx after the journal).
 */
class WebhookCrashTest {

    private static final int KILLS = 5;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"deliver", "journal"})
    void everyAcceptedEventArrivesDespiteKills(String mode, @TempDir Path dir) throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start()) {
            receiver.respondWith(event -> {
                pause(2); // a sink slower than the senders, so the router always has events in flight
                return CloudEventsReceiver.Reply.of(202);
            });
            int webhookPort = FreePorts.next();
            int metricsPort = FreePorts.next();
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, """
                    apiVersion: event-router.vmware.com/v1alpha1
                    kind: RouterConfig
                    metadata: {name: webhook-crash}
                    eventProvider:
                      type: webhook
                      webhook:
                        bindAddress: "127.0.0.1:%d"
                        deliveryWait: PT5S
                    %s
                    eventProcessor:
                      type: knative
                      knative:
                        encoding: binary
                        destination: {uri: "%s"}
                      delivery: {concurrency: 8}
                    metricsProvider:
                      type: default
                      default: {bindAddress: "127.0.0.1:%d"}
                    """.formatted(webhookPort, mode.equals("journal")
                            ? "    journal: {directory: \"" + dir.resolve("journal") + "\", maxBytes: 67108864, segmentBytes: 1048576}"
                            : "", receiver.uri(), metricsPort));
            URI webhook = URI.create("http://127.0.0.1:" + webhookPort + "/webhook");
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicLong sent = new AtomicLong();
            AtomicBoolean sending = new AtomicBoolean(true);
            Random random = new Random(42);
            try (RouterProcess router = new RouterProcess(config, metricsPort, "webhook-crash-" + mode).start()) {
                List<Thread> senders = java.util.stream.IntStream.range(0, 4).mapToObj(s -> Thread.ofVirtual()
                        .start(() -> send(webhook, s, sent, accepted, sending))).toList();
                for (int kill = 0; kill < KILLS; kill++) {
                    long target = accepted.size() + 100 + random.nextInt(300);
                    await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= target);
                    router.kill();
                    router.start();
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 2000);
                sending.set(false);
                for (Thread sender : senders) {
                    sender.join();
                }
                await().atMost(Duration.ofSeconds(120)).until(() -> arrivedIds(receiver).containsAll(accepted));
            }
            List<String> arrivals = receiver.events().stream().map(e -> e.getId()).toList();
            long duplicates = arrivals.size() - new HashSet<>(arrivals).size();
            System.out.printf("webhook crash (%s): %d POSTs, %d answered 2xx, %d lost, %d duplicates after %d kills%n",
                    mode, sent.get(), accepted.size(), 0, duplicates, KILLS);
            assertThat(arrivedIds(receiver)).containsAll(accepted);
        }
    }

    private static Set<String> arrivedIds(CloudEventsReceiver receiver) {
        Set<String> ids = new HashSet<>();
        receiver.events().forEach(event -> ids.add(event.getId()));
        return ids;
    }

    private static void send(URI webhook, int sender, AtomicLong sent, Set<String> accepted, AtomicBoolean sending) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long n = 0;
        while (sending.get()) {
            String id = "s" + sender + "-" + n++;
            sent.incrementAndGet();
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").header("ce-specversion", "1.0")
                        .header("ce-id", id).header("ce-source", "/crash-test").header("ce-type", "test.event")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":\"" + id + "\"}")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    accepted.add(id);
                }
            } catch (Exception e) {
                pause(20); // the router is down: try the next event a little later
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
