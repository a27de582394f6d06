package io.eventrouter.bench.load;

import io.eventrouter.bench.support.RouterLauncher;
import io.eventrouter.bench.support.Stats;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;

import java.net.URI;
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
        Path jar = RouterLauncher.jar();
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
            List<String> jvmOptions = RouterLauncher.options(System.getProperty("router.jvmopts", ""));
            Process router = RouterLauncher.start(RouterLauncher.command(jar, jvmOptions, config, "warn"),
                    ProcessBuilder.Redirect.DISCARD);
            try {
                RouterLauncher.awaitReady(router, metricsPort, Duration.ofSeconds(30), Duration.ofMillis(100));
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
                System.out.printf("median ratio routed/raw: %.2f%n", Stats.middle(ratios));
            } finally {
                RouterLauncher.stop(router);
                Files.deleteIfExists(config);
            }
        }
    }
}
