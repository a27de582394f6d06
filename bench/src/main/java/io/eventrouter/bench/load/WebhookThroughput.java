package io.eventrouter.bench.load;

import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end throughput of webhook → router → knative processor → receiver, next to the raw rate of the same
 * receiver driven directly by the same load generator, measured in alternating rounds of one run (the machine is
 * noisy, so only the ratio is meaningful), after one unmeasured warm-up round of both. The router runs as its own
 * process from {@code app/target}.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.eventrouter.bench.load.WebhookThroughput
 * [concurrency=32] [seconds=15] [rounds=3]}
 */
public final class WebhookThroughput {

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        Duration measured = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 15);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Duration warmup = Duration.ofSeconds(5);
        Path jar = Path.of(System.getProperty("router.jar", "app/target/event-router.jar")).toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw package -DskipTests first");
        }
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start(0, false)) {
            int webhookPort = FreePorts.next();
            int metricsPort = FreePorts.next();
            Path config = Files.createTempFile("throughput", ".yaml");
            Files.writeString(config, """
                    apiVersion: event-router.vmware.com/v1alpha1
                    kind: RouterConfig
                    metadata: {name: throughput}
                    eventProvider:
                      type: webhook
                      webhook: {bindAddress: "127.0.0.1:%d", path: /webhook}
                    eventProcessor:
                      type: knative
                      knative:
                        encoding: binary
                        destination: {uri: "%s"}
                      delivery: {concurrency: %d}
                    metricsProvider:
                      type: default
                      default: {bindAddress: "127.0.0.1:%d"}
                    """.formatted(webhookPort, receiver.uri(), concurrency * 2, metricsPort));
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
            String jvmOptions = System.getProperty("router.jvmopts", "");
            if (!jvmOptions.isBlank()) {
                command.addAll(List.of(jvmOptions.trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString(), "-config", config.toString(), "-log-level", "warn"));
            Process router = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                awaitReady(URI.create("http://127.0.0.1:" + metricsPort + "/readyz"));
                URI webhook = URI.create("http://127.0.0.1:" + webhookPort + "/webhook");
                LoadGenerator generator = new LoadGenerator();
                List<Double> ratios = new ArrayList<>();
                System.out.printf("concurrency %d, %d s per measurement, %d rounds, java %s, %d cpus%n", concurrency,
                        measured.toSeconds(), rounds, Runtime.version(), Runtime.getRuntime().availableProcessors());
                // One unmeasured round first: both paths, so the router's JIT is as warm as the receiver's.
                generator.run(receiver.uri(), concurrency, warmup, measured);
                generator.run(webhook, concurrency, warmup, measured);
                for (int round = 1; round <= rounds; round++) {
                    LoadGenerator.Result raw = generator.run(receiver.uri(), concurrency, warmup, measured);
                    LoadGenerator.Result routed = generator.run(webhook, concurrency, warmup, measured);
                    double ratio = routed.perSecond() / raw.perSecond();
                    ratios.add(ratio);
                    System.out.printf("round %d: raw receiver %.0f events/s, webhook -> router -> receiver %.0f events/s"
                                    + " (failed %d), ratio %.2f%n", round, raw.perSecond(), routed.perSecond(),
                            routed.failed(), ratio);
                }
                ratios.sort(Double::compare);
                System.out.printf("median ratio routed/raw: %.2f%n", ratios.get(ratios.size() / 2));
            } finally {
                router.destroy();
                router.waitFor();
                Files.deleteIfExists(config);
            }
        }
    }

    private static void awaitReady(URI readyz) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("router not ready at " + readyz);
    }
}
