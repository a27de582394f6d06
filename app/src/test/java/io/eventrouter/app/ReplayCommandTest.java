package io.eventrouter.app;

import io.cloudevents.CloudEvent;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.TimeMarks;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code replay} against vcsim: a window of the history goes through the chosen processors with their filters,
 * the summary counts it, and the checkpoint of the router that follows the same vCenter is left alone.
 */
class ReplayCommandTest {

    private static Vcsim vcsim;
    private static Instant windowStart;
    private static Instant windowEnd;

    @TempDir
    Path dir;
    private CloudEventsReceiver messages;
    private CloudEventsReceiver everything;

    @BeforeAll
    static void history() throws Exception {
        vcsim = Vcsim.builder().start();
        try (EventPoster poster = vcsim.eventPoster()) {
            poster.post(EventPoster.generalUserEvent("before"));
            windowStart = TimeMarks.quietMark();
            poster.post(EventPoster.generalUserEvent("inside-1"));
            vcsim.govc().powerOff("DC0_H0_VM0");
            poster.post(EventPoster.generalUserEvent("inside-2"));
            windowEnd = TimeMarks.quietMark();
            poster.post(EventPoster.generalUserEvent("after"));
        }
    }

    @AfterAll
    static void stopVcsim() {
        vcsim.close();
    }

    @BeforeEach
    void receivers() throws Exception {
        messages = CloudEventsReceiver.start();
        everything = CloudEventsReceiver.start();
    }

    @AfterEach
    void stopReceivers() {
        messages.close();
        everything.close();
    }

    /** A v1 router: vCenter with checkpoints, one processor for user messages only, one for everything. */
    private Path v1Config() throws Exception {
        return write("v1.yaml", """
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                eventProviders:
                  - type: vcenter
                    name: vc
                    vcenter:
                      address: %s
                      insecureSSL: true
                      checkpoint: true
                      checkpointDir: %s
                      auth: {type: basic_auth, basicAuth: {username: %s, password: %s}}
                eventProcessors:
                  - type: knative
                    name: messages
                    knative: {destination: {uri: "%s"}}
                    filters:
                      - exact: {subject: GeneralUserEvent}
                  - type: knative
                    name: everything
                    knative: {destination: {uri: "%s"}}
                metricsProvider: {default: {bindAddress: "127.0.0.1:0"}}
                """.formatted(vcsim.sdkUrl(), dir.resolve("checkpoints"), vcsim.username(), vcsim.password(),
                messages.uri(), everything.uri()));
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void replaysTheWindowThroughTheChosenProcessorAndLeavesTheCheckpointAlone() throws Exception {
        Path checkpoint = dir.resolve("checkpoints/cp-127.0.0.1.json");
        Files.createDirectories(checkpoint.getParent());
        String content = """
                {"vCenter":"127.0.0.1","lastEventUUID":"","lastEventKey":1,"lastEventType":"",\
                "lastEventKeyTimestamp":"2020-01-01T00:00:00Z","createdTimestamp":"2020-01-01T00:00:00Z"}""";
        Files.writeString(checkpoint, content);
        FileTime modified = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(checkpoint, modified);

        CommandRunner.Result result = CommandRunner.run("replay", "--config", v1Config().toString(),
                "--since", windowStart.toString(), "--until", windowEnd.toString(), "--processor", "messages");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("replay: /stats, /metrics and the event viewer (/events) on 127.0.0.1:");
        assertThat(messages(this.messages)).containsExactly("inside-1", "inside-2");
        assertThat(everything.events()).isEmpty();
        // the two messages and the power-off's events were read; the filter let the messages through
        assertThat(result.out()).contains("vc-replay: ", " events from " + windowStart + " to " + windowEnd)
                .containsPattern("processor messages: 2 delivered, 0 dead-lettered, 0 dropped, [1-9]\\d* filtered out")
                .doesNotContain("processor everything");
        assertThat(Files.readString(checkpoint)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(checkpoint)).isEqualTo(modified);
        try (var files = Files.list(checkpoint.getParent())) {
            assertThat(files).containsExactly(checkpoint);
        }
    }

    @Test
    void aV1alpha1ConfigReplaysEverythingSinceADurationAgo() throws Exception {
        Path config = write("v1alpha1.yaml", """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata: {name: replay}
                eventProvider:
                  type: vcenter
                  name: veba-vc
                  vcenter:
                    address: %s
                    insecureSSL: true
                    auth: {type: basic_auth, basicAuth: {username: %s, password: %s}}
                eventProcessor:
                  type: knative
                  name: veba-knative
                  knative: {destination: {uri: "%s"}}
                metricsProvider: {type: default, default: {bindAddress: "127.0.0.1:0"}}
                """.formatted(vcsim.sdkUrl(), vcsim.username(), vcsim.password(), everything.uri()));

        CommandRunner.Result result = CommandRunner.run("replay", "--config", config.toString(), "--since", "1h");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(messages(everything)).containsSubsequence("before", "inside-1", "inside-2", "after");
        assertThat(everything.events()).extracting(CloudEvent::getSubject)
                .contains("VmCreatedEvent", "VmPoweredOffEvent");
        assertThat(result.out()).contains("veba-vc-replay: " + everything.events().size() + " events from ")
                .contains("processor veba-knative: " + everything.events().size() + " delivered, 0 dead-lettered");
    }

    @Test
    void aRefusedEventIsDeadLetteredAndTheExitCodeSaysSo() throws Exception {
        messages.respondWith(event -> CloudEventsReceiver.Reply.of(message(event).equals("inside-2") ? 400 : 202));
        Path config = write("dead-letters.yaml", Files.readString(v1Config()).replace(
                "      - exact: {subject: GeneralUserEvent}\n",
                "      - exact: {subject: GeneralUserEvent}\n    delivery: {deadLetterSink: {directory: "
                        + dir.resolve("dead") + "}}\n"));

        CommandRunner.Result result = CommandRunner.run("replay", "--config", config.toString(),
                "--since", windowStart.toString(), "--until", windowEnd.toString(), "--processor", "messages");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("processor messages: 1 delivered, 1 dead-lettered, 0 dropped");
        assertThat(Files.readString(dir.resolve("dead/messages.jsonl"))).contains("inside-2");
    }

    @Test
    void aConfigWithoutVCenterOrWithAnUnknownProcessorIsRefused() throws Exception {
        String webhookOnly = ConfigSections.projectRoot().resolve("examples/configs/webhook-knative.yaml").toString();
        CommandRunner.Result noVCenter = CommandRunner.run("replay", "--config", webhookOnly, "--since", "2h");
        assertThat(noVCenter.exitCode()).isEqualTo(2);
        assertThat(noVCenter.err()).contains("error: the configuration has no vcenter provider to replay");

        CommandRunner.Result unknown = CommandRunner.run("replay", "--config", v1Config().toString(), "--since", "2h",
                "--processor", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no processor named nope in the configuration (it has messages, everything)");

        CommandRunner.Result badTime = CommandRunner.run("replay", "--config", v1Config().toString(), "--since",
                "yesterday");
        assertThat(badTime.exitCode()).isEqualTo(2);
        assertThat(badTime.err()).contains("neither a duration (e.g. 2h, 90m) nor an RFC 3339 time: yesterday");

        CommandRunner.Result backwards = CommandRunner.run("replay", "--config", v1Config().toString(), "--since",
                "1h", "--until", "2h");
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.err()).contains("--since (1h ago) is after --until (2h ago)");

        CommandRunner.Result badAddress = CommandRunner.run("replay", "--config", v1Config().toString(), "--since",
                "2h", "--metrics-address", "localhost:99999");
        assertThat(badAddress.exitCode()).isEqualTo(2);
        assertThat(badAddress.err()).contains("--metrics-address: \"localhost:99999\"");
    }

    private static List<String> messages(CloudEventsReceiver receiver) {
        return receiver.events().stream().map(ReplayCommandTest::message).filter(message -> !message.isEmpty())
                .toList();
    }

    /** The Message of a GeneralUserEvent, else "". */
    private static String message(CloudEvent event) {
        String data = new String(event.getData().toBytes(), StandardCharsets.UTF_8);
        int start = data.indexOf("\"Message\":\"");
        return start < 0 ? "" : data.substring(start + 11, data.indexOf('"', start + 11));
    }
}
