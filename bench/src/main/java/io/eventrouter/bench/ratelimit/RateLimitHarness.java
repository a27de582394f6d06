package io.eventrouter.bench.ratelimit;

import io.eventrouter.bench.support.RouterLauncher;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code delivery.rateLimit} under a provider that pushes far more than the limit: webhook → router (its own
 * process, from {@code app/target}) → knative processor limited to {@code rate} events/s → a CloudEvents receiver.
 * A closed-loop generator keeps {@code concurrency} requests open (many more than the queue holds, so the webhook
 * answers 429 and the provider is held back). After a warm-up that spends the burst, the receiver's rate over
 * {@code seconds} is compared with the configured rate; then every event the webhook accepted (2xx) must arrive, and
 * the router's queue depth and heap, sampled every second from {@code /metrics}, must stay bounded.
 *
 * <p>Prints the ratio delivered/configured and exits 1 when it is off by more than 5 %, an accepted event is lost,
 * or the queue outgrew its limit.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.eventrouter.bench.ratelimit.RateLimitHarness
 * [rate=200] [seconds=60] [burst=20] [concurrency=400] [maxQueuedEvents=200]}
 */
public final class RateLimitHarness {

    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} (\\S+)$");
    private static final Pattern DEPTH = Pattern.compile("(?m)^eventrouter_queue_depth\\{[^}]*} (\\S+)$");
    private static final Pattern WAITED_COUNT = Pattern.compile(
            "(?m)^eventrouter_rate_limit_wait_seconds_count\\{[^}]*} (\\S+)$");
    private static final Pattern WAITED_SUM = Pattern.compile(
            "(?m)^eventrouter_rate_limit_wait_seconds_sum\\{[^}]*} (\\S+)$");

    public static void main(String[] args) throws Exception {
        double rate = args.length > 0 ? Double.parseDouble(args[0]) : 200;
        Duration measured = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 60);
        int burst = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 400;
        int maxQueued = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        Duration warmup = Duration.ofSeconds(5);
        Path jar = RouterLauncher.jar();
        Set<String> received = ConcurrentHashMap.newKeySet();
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start(0, false)) {
            receiver.respondWith(event -> {
                received.add(event.getId());
                return CloudEventsReceiver.Reply.of(202);
            });
            int webhookPort = FreePorts.next();
            int metricsPort = FreePorts.next();
            Path config = Files.createTempFile("rate-limit", ".yaml");
            Files.writeString(config, """
                    apiVersion: event-router.vmware.com/v1alpha1
                    kind: RouterConfig
                    metadata: {name: rate-limit}
                    eventProvider:
                      type: webhook
                      webhook: {bindAddress: "127.0.0.1:%d", path: /webhook}
                    eventProcessor:
                      type: knative
                      knative:
                        encoding: binary
                        destination: {uri: "%s"}
                      delivery:
                        concurrency: 16
                        maxQueuedEvents: %d
                        rateLimit: {eventsPerSecond: %s, burst: %d}
                    metricsProvider:
                      type: default
                      default: {bindAddress: "127.0.0.1:%d"}
                    """.formatted(webhookPort, receiver.uri(), maxQueued, rate, burst, metricsPort));
            Process router = RouterLauncher.start(RouterLauncher.command(jar, List.of("-Xmx256m"), config, "warn"),
                    ProcessBuilder.Redirect.DISCARD);
            boolean passed;
            try {
                URI metrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
                RouterLauncher.awaitReady(router, metricsPort, Duration.ofSeconds(60), Duration.ofMillis(100));
                System.out.printf("rate %.1f/s, burst %d, %d s measured after %d s, generator concurrency %d, "
                                + "maxQueuedEvents %d, java %s, %d cpus%n", rate, burst, measured.toSeconds(),
                        warmup.toSeconds(), concurrency, maxQueued, Runtime.version(),
                        Runtime.getRuntime().availableProcessors());
                passed = run(URI.create("http://127.0.0.1:" + webhookPort + "/webhook"), metrics, receiver,
                        received, rate, measured, warmup, concurrency, maxQueued);
            } finally {
                RouterLauncher.stop(router);
                Files.deleteIfExists(config);
            }
            if (!passed) {
                System.exit(1);
            }
        }
    }

    private static boolean run(URI webhook, URI metrics, CloudEventsReceiver receiver, Set<String> received,
                               double rate, Duration measured, Duration warmup, int concurrency, int maxQueued)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicLong held = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> generator = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            generator.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    String id = Long.toString(sequence.incrementAndGet());
                    int status = post(client, webhook, id);
                    if (status >= 200 && status < 300) {
                        accepted.add(id);
                    } else if (status == 429) {
                        held.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        Thread.sleep(warmup);
        long startCount = receiver.acceptedCount();
        long start = System.nanoTime();
        double maxDepth = 0;
        List<Double> heap = new ArrayList<>();
        long end = start + measured.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            String scrape = get(client, metrics);
            maxDepth = Math.max(maxDepth, sum(DEPTH, scrape, 1));
            heap.add(sum(HEAP, scrape, 1) / (1 << 20));
        }
        long delivered = receiver.acceptedCount() - startCount;
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        for (Thread thread : generator) {
            thread.join();
        }
        // drain: what is queued goes out at the limited rate
        long drainDeadline = System.nanoTime() + Duration.ofSeconds((long) (maxQueued / rate) + 30).toNanos();
        while (!received.containsAll(accepted) && System.nanoTime() < drainDeadline) {
            Thread.sleep(200);
        }
        long lost = accepted.stream().filter(id -> !received.contains(id)).count();
        String scrape = get(client, metrics);
        double perSecond = delivered / seconds;
        double ratio = perSecond / rate;
        int third = Math.max(1, heap.size() / 3);
        System.out.printf("delivered %d events in %.1f s: %.2f events/s%n", delivered, seconds, perSecond);
        System.out.printf("webhook: %d accepted, %d answered 429 (provider held back), %d other failures; "
                + "lost: %d%n", accepted.size(), held.get(), failed.get(), lost);
        System.out.printf("router queue depth max %.0f (limit %d); heap used MiB: max %.1f in the first third, %.1f "
                        + "in the last third of the run%n", maxDepth, maxQueued,
                heap.subList(0, third).stream().mapToDouble(d -> d).max().orElse(0),
                heap.subList(heap.size() - third, heap.size()).stream().mapToDouble(d -> d).max().orElse(0));
        System.out.printf("/metrics: eventrouter_rate_limit_wait_seconds count %.0f, sum %.1f s%n",
                sum(WAITED_COUNT, scrape, 1), sum(WAITED_SUM, scrape, 1));
        System.out.printf("ratio delivered/configured: %.4f%n", ratio);
        boolean ok = Math.abs(ratio - 1) <= 0.05 && lost == 0 && maxDepth <= maxQueued && accepted.size() > 0;
        System.out.println(ok ? "PASS" : "FAIL (goal: ratio within 5 %, no loss, queue within its limit)");
        return ok;
    }

    private static int post(HttpClient client, URI webhook, String id) {
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .header("Content-Type", "application/json")
                .header("ce-specversion", "1.0")
                .header("ce-id", id)
                .header("ce-source", "https://vcenter.local/sdk")
                .header("ce-type", "com.vmware.event.router/event")
                .header("ce-subject", "VmPoweredOffEvent")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Key\":" + id + ",\"FullFormattedMessage\":\"VM0 on "
                        + "H0 in DC0 is powered off\"}", StandardCharsets.UTF_8))
                .timeout(Duration.ofSeconds(60))
                .build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 429) {
                Thread.sleep(100); // as a well-behaved client would, short of the Retry-After of 1 s
            }
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String get(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double sum(Pattern pattern, String text, int group) {
        double total = 0;
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(group));
        }
        return total;
    }
}
