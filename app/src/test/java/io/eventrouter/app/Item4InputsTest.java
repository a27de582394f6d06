package io.eventrouter.app;

import io.eventrouter.app.cli.EventRouterCommand;
import io.eventrouter.app.cli.LogLevel;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.horizon.LocalHorizon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.TimeZone;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 4 (apart from vCenter's): inputs the original took. {@code -help} prints the usage and exits 0, zap's
 * levels above error are taken in any case, and a webhook event's {@code time} is passed on as its sender wrote it
 * (the router writes no time of its own for it; Horizon times are UTC: {@code Item4HorizonTimeIsUtcTest}).
 */
class Item4InputsTest {

    @ParameterizedTest
    @ValueSource(strings = {"-help", "--help", "-h"})
    void item4_helpPrintsTheUsageAndExitsZero(String flag) {
        CommandRunner.Result result = CommandRunner.run(flag);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: event-router").contains("-config", "-log-level");
        assertThat(result.err()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dpanic", "DPANIC", "panic", "Panic", "fatal", "FATAL", "error"})
    void item4_theOriginalsLevelsAboveErrorLogErrors(String level) throws Exception {
        CommandLine commandLine = Main.commandLine();
        commandLine.parseArgs("-log-level", level);
        LogLevel parsed = ((EventRouterCommand) commandLine.getCommand()).option("--log-level");

        assertThat(parsed.loggerLevel()).isEqualTo("error");
    }

    @Test
    void item4_theLowerLevelsKeepTheirMeaning() {
        assertThat(LogLevel.valueOf("DEBUG").loggerLevel()).isEqualTo("debug");
        assertThat(LogLevel.valueOf("INFO").loggerLevel()).isEqualTo("info");
        assertThat(LogLevel.valueOf("WARN").loggerLevel()).isEqualTo("warn");
        assertThat(CommandRunner.run("-log-level", "loud").exitCode()).isEqualTo(2);
    }

    @Test
    void item4_aWebhookEventKeepsTheTimeItsSenderWrote() throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             RunningRouter router = RunningRouter.start(RunningRouter.webhookToKnative(receiver.uri(), "structured",
                     "", ""))) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(router.webhook())
                    .header("Content-Type", "application/json").header("ce-specversion", "1.0")
                    .header("ce-id", "1").header("ce-source", "/vc").header("ce-type", "com.example.test")
                    .header("ce-time", "2021-11-05T18:32:32.966+05:30")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);

            CloudEventsReceiver.Received received = receiver.received().getFirst();
            assertThat(received.event().getTime()).isEqualTo(OffsetDateTime.parse("2021-11-05T18:32:32.966+05:30"));
            assertThat(new String(received.body())).contains("\"time\":\"2021-11-05T18:32:32.966+05:30\"");
        }
    }

    @Test
    void item4_horizonTimesAreWrittenInUtcWhateverTheZone() throws Exception {
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        try {
            for (boolean original : new boolean[]{true, false}) {
                try (LocalHorizon horizon = new LocalHorizon();
                     CloudEventsReceiver receiver = CloudEventsReceiver.start()) {
                    String yaml = original ? Item6HorizonAttributesTest.v1alpha1(horizon, receiver)
                            : Item6HorizonAttributesTest.v1(horizon, receiver);
                    CloudEventsReceiver.Received received = Item6HorizonAttributesTest.oneEvent(horizon, receiver,
                            yaml);
                    assertThat(received.event().getTime().getOffset()).isEqualTo(ZoneOffset.UTC);
                    assertThat(new String(received.body(), StandardCharsets.UTF_8))
                            .containsPattern("\"time\":\"[^\"]+Z\"");
                }
            }
        } finally {
            TimeZone.setDefault(zone);
        }
    }
}
