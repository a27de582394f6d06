package io.eventrouter.app;

import io.cloudevents.CloudEvent;
import io.eventrouter.deadletter.DeadLetterWriter;
import io.eventrouter.deadletter.DirectoryDeadLetterWriter;
import io.eventrouter.deadletter.ErrorExtensions;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.VcenterEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code event-router send} against a CloudEvents endpoint that parses with the SDK. */
class SendCommandTest {

    @TempDir
    Path dir;

    private static String event(String id, String subject) {
        return """
                {"specversion":"1.0","id":"%s","source":"https://vcenter.local/sdk",
                 "type":"com.vmware.event.router/event","subject":"%s","time":"2024-05-01T10:15:00Z",
                 "datacontenttype":"application/json","vsphereapiversion":"8.0.2.0",
                 "data":{"Key":1,"Host":{"Name":"esx-01.lab","Host":{"Type":"HostSystem","Value":"host-21"}}}}
                """.formatted(id, subject);
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void sendsOneEventInBinaryModeByDefault() throws Exception {
        Path file = write("event.json", event("e-1", "EnteredMaintenanceModeEvent"));
        try (CloudEventsReceiver function = CloudEventsReceiver.start()) {
            CommandRunner.Result result = CommandRunner.run("send", "--to", function.uri().toString(), file.toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).contains(file + " e-1 EnteredMaintenanceModeEvent: 202")
                    .contains("1 of 1 events accepted by " + function.uri() + " (binary mode)");
            CloudEventsReceiver.Received received = function.received().getFirst();
            assertThat(received.mode()).isEqualTo("binary");
            assertThat(received.headers()).containsEntry("ce-vsphereapiversion", "8.0.2.0");
            CloudEvent event = received.event();
            assertThat(event.getSubject()).isEqualTo("EnteredMaintenanceModeEvent");
            assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"Key\":1,\"Host\":{\"Name\":\"esx-01.lab\",\"Host\":{\"Type\":\"HostSystem\","
                            + "\"Value\":\"host-21\"}}}");
        }
    }

    @Test
    void sendsArraysAndJsonLinesInOrderInStructuredMode() throws Exception {
        Path array = write("array.json", "[" + event("a-1", "VmPoweredOnEvent") + "," + event("a-2", "VmPoweredOffEvent")
                + "]");
        Path lines = write("events.jsonl", event("l-1", "VmRemovedEvent").replace("\n", "") + "\n"
                + event("l-2", "VmCreatedEvent").replace("\n", "") + "\n");
        try (CloudEventsReceiver function = CloudEventsReceiver.start()) {
            CommandRunner.Result result = CommandRunner.run("send", "--to", function.uri().toString(),
                    "--encoding", "structured", array.toString(), lines.toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).contains(array + "#2 a-2 VmPoweredOffEvent: 202")
                    .contains(lines + "#1 l-1 VmRemovedEvent: 202");
            assertThat(function.events()).extracting(CloudEvent::getId).containsExactly("a-1", "a-2", "l-1", "l-2");
            assertThat(function.received()).extracting(CloudEventsReceiver.Received::mode).containsOnly("structured");
        }
    }

    @Test
    void resendsADeadLetterFile() throws Exception {
        DeadLetterWriter deadLetters = new DirectoryDeadLetterWriter(dir, "fn");
        CloudEvent failed = VcenterEvents.vmEvent("VmPoweredOnEvent", "web-01");
        deadLetters.write(ErrorExtensions.mark(failed, "http://fn/", DeliveryResult.rejected(400, "bug")));
        deadLetters.write(ErrorExtensions.mark(VcenterEvents.vmEvent("VmPoweredOffEvent", "web-01"), "http://fn/",
                DeliveryResult.rejected(400, "bug")));
        deadLetters.close();
        try (CloudEventsReceiver function = CloudEventsReceiver.start()) {
            CommandRunner.Result result = CommandRunner.run("send", "--to", function.uri().toString(),
                    dir.resolve("fn.jsonl").toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(function.events()).extracting(CloudEvent::getSubject)
                    .containsExactly("VmPoweredOnEvent", "VmPoweredOffEvent");
            assertThat(function.events().getFirst().getId()).isEqualTo(failed.getId());
            assertThat(function.events().getFirst().getExtension("knativeerrorcode")).isNotNull();
        }
    }

    @Test
    void readsStandardInput() throws Exception {
        InputStream original = System.in;
        try (CloudEventsReceiver function = CloudEventsReceiver.start()) {
            System.setIn(new ByteArrayInputStream(event("s-1", "VmPoweredOnEvent").getBytes(StandardCharsets.UTF_8)));
            CommandRunner.Result result = CommandRunner.run("send", "--to", function.uri().toString(), "-");
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(function.events()).extracting(CloudEvent::getId).containsExactly("s-1");
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void aRefusedEventMakesTheExitStatusOneAndTheOthersAreStillSent() throws Exception {
        Path file = write("array.json", "[" + event("ok-1", "VmPoweredOnEvent") + "," + event("bad", "VmPoweredOnEvent")
                + "," + event("ok-2", "VmPoweredOnEvent") + "]");
        try (CloudEventsReceiver function = CloudEventsReceiver.start()) {
            function.respondWith(event -> CloudEventsReceiver.Reply.of(event.getId().equals("bad") ? 500 : 204));
            CommandRunner.Result result = CommandRunner.run("send", "--to", function.uri().toString(), file.toString());
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.out()).contains(file + "#2 bad VmPoweredOnEvent: 500 (retryable)")
                    .contains("2 of 3 events accepted");
            assertThat(function.events()).extracting(CloudEvent::getId).containsExactly("ok-1", "ok-2");
        }
    }

    @Test
    void anUnreachableFunctionIsAFailure() throws Exception {
        Path file = write("event.json", event("e-1", "VmPoweredOnEvent"));
        int closedPort;
        try (CloudEventsReceiver gone = CloudEventsReceiver.start()) {
            closedPort = gone.port();
        }
        CommandRunner.Result result = CommandRunner.run("send", "--to", "http://127.0.0.1:" + closedPort + "/",
                "--timeout", "PT5S", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("e-1 VmPoweredOnEvent: no answer (unavailable)");
    }

    @Test
    void anInvalidFileSendsNothingAndExitsWithTwo() throws Exception {
        Path good = write("good.json", event("e-1", "VmPoweredOnEvent"));
        Path noSpecVersion = write("bad.json", event("e-2", "VmPoweredOnEvent").replace("\"specversion\":\"1.0\",", ""));
        Path notJson = write("broken.json", "{\"id\": ");
        try (CloudEventsReceiver function = CloudEventsReceiver.start()) {
            CommandRunner.Result missing = CommandRunner.run("send", "--to", function.uri().toString(), good.toString(),
                    noSpecVersion.toString());
            assertThat(missing.exitCode()).isEqualTo(2);
            assertThat(missing.err().strip()).isEqualTo("error: " + noSpecVersion
                    + ": not a valid CloudEvent: Missing mandatory specversion attribute");
            CommandRunner.Result broken = CommandRunner.run("send", "--to", function.uri().toString(), notJson.toString());
            assertThat(broken.exitCode()).isEqualTo(2);
            assertThat(broken.err().strip()).startsWith("error: " + notJson + ": invalid JSON at line 1");
            CommandRunner.Result absent = CommandRunner.run("send", "--to", function.uri().toString(),
                    dir.resolve("nothing.json").toString());
            assertThat(absent.err().strip()).isEqualTo("error: " + dir.resolve("nothing.json") + ": no such file");
            assertThat(function.requestCount()).isZero();
        }
        assertThat(CommandRunner.run("send", "--to", "ftp://x/", good.toString()).exitCode()).isEqualTo(2);
    }
}
