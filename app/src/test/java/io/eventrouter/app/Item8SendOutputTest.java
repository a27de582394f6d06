package io.eventrouter.app;

import io.eventrouter.testing.CloudEventsReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 8: {@code ./event-router send} run as its own process prints one line per event and a summary, and
 * nothing from the libraries (Jetty's client used to log some 400 DEBUG lines per event on stdout). The process gets
 * the router's class path without the test classes, so that no test logging configuration hides the problem.
 */
class Item8SendOutputTest {

    @TempDir
    Path temp;

    @Test
    void item8_sendPrintsOneLinePerEventAndNoLibraryLogs() throws Exception {
        Path events = temp.resolve("events.json");
        Files.writeString(events, """
                [{"specversion":"1.0","id":"1","source":"/vc","type":"com.vmware.event.router/event",
                  "subject":"VmPoweredOnEvent","datacontenttype":"application/json","data":{"Key":1}},
                 {"specversion":"1.0","id":"2","source":"/vc","type":"com.vmware.event.router/event",
                  "subject":"VmPoweredOffEvent","datacontenttype":"application/json","data":{"Key":2}}]
                """);
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start()) {
            Process send = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    classPath, "io.eventrouter.app.Main", "send", "--to", receiver.uri().toString(),
                    events.toString()).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(send.getErrorStream()));
            String out = read(send.getInputStream());
            assertThat(send.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(send.exitValue()).as(out + err.get()).isZero();
            assertThat(out.lines().toList()).hasSize(3);
            assertThat(out.lines().toList().get(0)).endsWith(" 1 VmPoweredOnEvent: 202");
            assertThat(out.lines().toList().get(1)).endsWith(" 2 VmPoweredOffEvent: 202");
            assertThat(out.lines().toList().get(2)).startsWith("2 of 2 events accepted by ");
            assertThat(err.get()).isEmpty();
            assertThat(receiver.events()).hasSize(2);
        }
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
