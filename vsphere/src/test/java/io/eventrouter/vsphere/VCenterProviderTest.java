package io.eventrouter.vsphere;

import java.util.function.Function;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Optional;
import java.io.IOException;
import io.eventrouter.checkpoint.FileCheckpointStore;
import io.eventrouter.checkpoint.CheckpointStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.http.ClientTls;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.testing.TestCertificates;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The provider against a real vcsim, delivering through a real router. */
class VCenterProviderTest {

    @TempDir
    Path temp;

    @Test
    void wakesUpOnNewEventsWithoutPolling() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start();
             ProviderHarness harness = new ProviderHarness(ProviderHarness.config(vcsim).build())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.up);

            vcsim.govc().powerOff("DC0_H0_VM0");
            await().atMost(Duration.ofSeconds(5)).until(() -> subjects(harness).contains("VmPoweredOffEvent"));

            // idle: the reader blocks in WaitForUpdatesEx (maxWait 30 s) instead of polling ReadNextEvents
            double reads = harness.requests("ReadNextEvents");
            double waits = harness.requests("WaitForUpdatesEx");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> harness.requests("ReadNextEvents") == reads);
            long posted = System.nanoTime();
            try (EventPoster poster = vcsim.eventPoster()) {
                poster.post(EventPoster.generalUserEvent("wake up"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> messages(harness).contains("wake up"));
            Duration took = Duration.ofNanos(System.nanoTime() - posted);
            // long before the 30 s wait could have timed out, so vCenter's signal woke the reader: one wake-up,
            // one drain (the page with the event, then an empty one), and the next wait
            // (the next wait may go out a moment after the delivery: wait for it rather than race it)
            await().atMost(Duration.ofSeconds(5)).until(() -> harness.requests("WaitForUpdatesEx") - waits >= 1);
            assertThat(harness.requests("WaitForUpdatesEx") - waits).isBetween(1.0, 3.0);
            assertThat(harness.requests("ReadNextEvents") - reads).isBetween(2.0, 4.0);
            LoggerFactory.getLogger(VCenterProviderTest.class).info("posted → delivered in {} ms", took.toMillis());
        }
    }

    @Test
    void restartResumesFromTheCheckpointWithoutLossOrRepeat() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); EventPoster poster = vcsim.eventPoster()) {
            ProviderHarness.Config config = ProviderHarness.config(vcsim).checkpoints(temp);
            List<Integer> firstKeys;
            try (ProviderHarness first = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> first.health.up);
                for (int i = 1; i <= 5; i++) {
                    poster.post(EventPoster.generalUserEvent("a" + i));
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> messages(first).contains("a5"));
                firstKeys = first.deliveredKeys();
            }
            Checkpoint checkpoint = Checkpoint.parse(Files.readString(temp.resolve("cp-127.0.0.1.json"))).orElseThrow();
            assertThat(checkpoint.lastEventKey()).isEqualTo(firstKeys.getLast());
            assertThat(checkpoint.lastEventType()).isEqualTo("GeneralUserEvent");

            for (int i = 1; i <= 5; i++) {
                poster.post(EventPoster.generalUserEvent("b" + i)); // while no provider runs
            }
            try (ProviderHarness second = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> messages(second).contains("b5"));
                poster.post(EventPoster.generalUserEvent("c1"));
                await().atMost(Duration.ofSeconds(5)).until(() -> messages(second).contains("c1"));

                List<Integer> secondKeys = second.deliveredKeys();
                assertThat(secondKeys).allMatch(key -> key > firstKeys.getLast()).isSorted().doesNotHaveDuplicates();
                assertThat(messages(second)).containsSubsequence("b1", "b2", "b3", "b4", "b5", "c1");
                assertThat(secondKeys.getFirst()).isEqualTo(firstKeys.getLast() + 1); // nothing in between is lost
            }
        }
    }

    /**
     * A provider that stops (or is killed, or hands over) before its first event must still leave where it started:
     * otherwise the next one starts at its own present and skips the events written in between.
     */
    @Test
    void aProviderWithoutCheckpointLeavesWhereItStartedBeforeItsFirstEvent() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); EventPoster poster = vcsim.eventPoster()) {
            ProviderHarness.Config config = ProviderHarness.config(vcsim).checkpoints(temp);
            Path file = temp.resolve("cp-127.0.0.1.json");
            Checkpoint start;
            try (ProviderHarness first = new ProviderHarness(config.build())) {
                // written while it runs, not only when it stops: a killed process writes nothing more
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file));
                start = Checkpoint.parse(Files.readString(file)).orElseThrow();
                assertThat(first.processor.delivered).isEmpty();
            }
            assertThat(start.lastEventKey()).isPositive(); // vcsim's newest event when the provider started
            assertThat(start.lastEventType()).endsWith("Event");

            for (int i = 1; i <= 3; i++) {
                poster.post(EventPoster.generalUserEvent("b" + i)); // while no provider runs
            }
            try (ProviderHarness second = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> messages(second).contains("b3"));
                assertThat(messages(second)).containsSubsequence("b1", "b2", "b3");
                assertThat(second.deliveredKeys().getFirst()).isEqualTo(start.lastEventKey() + 1);
                assertThat(second.deliveredKeys()).isSorted().doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void aCheckpointThatCannotBeReadYetIsWaitedForNotSkipped() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); EventPoster poster = vcsim.eventPoster()) {
            ProviderHarness.Config config = ProviderHarness.config(vcsim).checkpoints(temp);
            List<Integer> firstKeys;
            try (ProviderHarness first = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> first.health.up);
                poster.post(EventPoster.generalUserEvent("a1"));
                await().atMost(Duration.ofSeconds(5)).until(() -> messages(first).contains("a1"));
                firstKeys = first.deliveredKeys();
            }
            poster.post(EventPoster.generalUserEvent("b1")); // while no provider runs

            // The store fails its first reads (an API server or file system hiccup at start-up).
            AtomicInteger failures = new AtomicInteger(2);
            Function<Path, CheckpointStore> flaky = dir -> new CheckpointStore() {
                private final CheckpointStore files = new FileCheckpointStore(dir);

                @Override
                public Optional<String> read(String name) throws IOException {
                    if (failures.getAndDecrement() > 0) {
                        throw new IOException("store unavailable");
                    }
                    return files.read(name);
                }

                @Override
                public void write(String name, String content) throws IOException {
                    files.write(name, content);
                }

                @Override
                public String describe() {
                    return files.describe();
                }
            };
            try (ProviderHarness second = new ProviderHarness(new VCenterProvider(config.build()),
                    ClientTls.systemDefault(), flaky)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> messages(second).contains("b1"));
                assertThat(second.health.reports).filteredOn(report -> report.contains("cannot read checkpoint"))
                        .hasSize(2);
                assertThat(second.deliveredKeys().getFirst()).isEqualTo(firstKeys.getLast() + 1);
            }
        }
    }

    @Test
    void anUnacknowledgedEventIsReplayedAfterRestart() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); EventPoster poster = vcsim.eventPoster()) {
            ProviderHarness.Config config = ProviderHarness.config(vcsim).checkpoints(temp);
            try (ProviderHarness first = new ProviderHarness(config.build())) {
                first.processor.behaviour = event -> message(event).equals("poison")
                        ? DeliveryResult.unavailable(503, "receiver down", null) : DeliveryResult.delivered(200);
                await().atMost(Duration.ofSeconds(10)).until(() -> first.health.up);
                poster.post(EventPoster.generalUserEvent("ok1"));
                poster.post(EventPoster.generalUserEvent("poison"));
                poster.post(EventPoster.generalUserEvent("ok2"));
                await().atMost(Duration.ofSeconds(5)).until(() -> first.processor.attempts.stream()
                        .filter(event -> message(event).equals("poison")).count() >= 3);
                assertThat(messages(first)).contains("ok1").doesNotContain("poison", "ok2");
            }
            Checkpoint checkpoint = Checkpoint.parse(Files.readString(temp.resolve("cp-127.0.0.1.json"))).orElseThrow();
            try (ProviderHarness second = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> messages(second).contains("ok2"));
                assertThat(messages(second)).containsSubsequence("poison", "ok2").doesNotContain("ok1");
                assertThat(second.deliveredKeys().getFirst()).isEqualTo(checkpoint.lastEventKey() + 1);
            }
        }
    }

    @Test
    void survivesVcenterGoingAwayAndComingBack() throws Exception {
        Vcsim vcsim = Vcsim.builder().start();
        Vcsim restarted = null;
        try (ProviderHarness harness = new ProviderHarness(ProviderHarness.config(vcsim).build())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.up);
            try (EventPoster poster = vcsim.eventPoster()) {
                poster.post(EventPoster.generalUserEvent("before"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> messages(harness).contains("before"));

            vcsim.kill();
            await().atMost(Duration.ofSeconds(10)).until(() -> !harness.health.up);
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.downs() >= 2); // it keeps trying
            restarted = vcsim.restart();
            await().atMost(Duration.ofSeconds(15)).until(() -> harness.health.up);
            try (EventPoster poster = restarted.eventPoster()) {
                poster.post(EventPoster.generalUserEvent("after"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> messages(harness).contains("after"));
            assertThat(harness.health.reports.stream().map(report -> report.startsWith("down") ? "down" : report))
                    .containsSubsequence("up", "down", "up");
            assertThat(harness.health.reports).anyMatch(report -> report.contains("cannot connect"));
        } finally {
            vcsim.close();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    @Test
    void logsInAgainWhenTheSessionIsTerminated() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); EventPoster poster = vcsim.eventPoster()) {
            ProviderHarness.Config config = ProviderHarness.config(vcsim);
            config.maxWait = Duration.ofSeconds(1);
            try (ProviderHarness harness = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.up);
                poster.post(EventPoster.generalUserEvent("s1"));
                await().atMost(Duration.ofSeconds(5)).until(() -> messages(harness).contains("s1"));

                JsonNode sessions = new ObjectMapper().readTree(vcsim.govc().run("session.ls", "-json"));
                for (JsonNode session : sessions.path("SessionList")) {
                    if (session.path("UserAgent").asText().equals("event-router vsphere-provider")) {
                        vcsim.govc().run("session.rm", session.path("Key").asText());
                    }
                }
                poster.post(EventPoster.generalUserEvent("s2"));
                await().atMost(Duration.ofSeconds(10)).until(() -> messages(harness).contains("s2"));
                assertThat(harness.health.reports).anyMatch(report -> report.contains("session expired"));
                assertThat(harness.health.up).isTrue();
                assertThat(messages(harness)).containsExactly("s1", "s2");
            }
        }
    }

    @Test
    void wrongPasswordIsReportedAndRetriedWithBackoff() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start()) {
            ProviderHarness.Config config = ProviderHarness.config(vcsim);
            config.password = "wrong";
            ProviderHarness harness = new ProviderHarness(config.build());
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.downs() >= 4);
            long elapsed = System.nanoTime() - started;
            // starting, then three failed logins with pauses of 100, 200 and 400 ms between them: no busy loop
            assertThat(Duration.ofNanos(elapsed)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(harness.health.up).isFalse();
            assertThat(harness.health.reports.getLast()).contains("login as user rejected", "InvalidLogin")
                    .doesNotContain("wrong");
            long closing = System.nanoTime();
            harness.close();
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void verifiesTlsAgainstTheConfiguredRootCa() throws Exception {
        TestCertificates.Pair certificate = TestCertificates.selfSigned(temp, "vcsim");
        try (Vcsim vcsim = Vcsim.builder().certificate(certificate.cert(), certificate.key()).start()) {
            ProviderHarness.Config config = ProviderHarness.config(vcsim);
            config.insecure = false;
            try (ProviderHarness trusting = new ProviderHarness(config.build(),
                    ClientTls.withRootCAs(List.of(certificate.cert())))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> trusting.health.up);
                vcsim.govc().powerOff("DC0_H0_VM0");
                await().atMost(Duration.ofSeconds(5)).until(() -> subjects(trusting).contains("VmPoweredOffEvent"));
            }
            try (ProviderHarness distrusting = new ProviderHarness(config.build(), ClientTls.systemDefault())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> distrusting.health.downs() >= 2);
                assertThat(distrusting.health.reports).noneMatch(report -> report.equals("up"));
                assertThat(distrusting.health.reports.getLast()).contains("TLS", "rootCAs");
            }
        }
    }

    static List<String> subjects(ProviderHarness harness) {
        return harness.processor.delivered.stream().map(CloudEvent::getSubject).toList();
    }

    static List<String> messages(ProviderHarness harness) {
        return harness.processor.delivered.stream().map(VCenterProviderTest::message).filter(m -> !m.isEmpty())
                .toList();
    }

    /** The Message of a GeneralUserEvent or EventEx, else "". */
    static String message(CloudEvent event) {
        String data = new String(event.getData().toBytes(), StandardCharsets.UTF_8);
        int start = data.indexOf("\"Message\":\"");
        if (start < 0) {
            return "";
        }
        start += 11;
        return data.substring(start, data.indexOf('"', start));
    }
}
