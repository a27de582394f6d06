package io.eventrouter.systemtests.functions;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** examples/functions/echo: the sample event, sent in both modes with {@code event-router send}, is logged. */
class EchoFunctionTest {

    @Test
    void logsTheSampleEventInBothModesAndRefusesWhatIsNotAnEvent() throws Exception {
        try (FunctionProcess echo = FunctionProcess.start("echo", Map.of())) {
            for (String encoding : new String[] {"binary", "structured"}) {
                Send.Result sent = Send.to(echo.uri(), encoding, "echo/test/testevent.json");
                assertThat(sent.exitCode()).as(sent.out() + sent.err()).isZero();
                assertThat(sent.out()).contains("0d7b6a34-93c8-4b52-a1d2-5e9c8f3e6a07 VmPoweredOffEvent: 204");
            }
            await().untilAsserted(() -> assertThat(echo.log())
                    .contains("event VmPoweredOffEvent (com.vmware.event.router/event) from https://vcsa.lab.local/sdk")
                    .contains("  vsphereapiversion: 8.0.2.0")
                    .contains("        \"Name\": \"web-01\",")
                    .containsPattern("(?s)event VmPoweredOffEvent.*event VmPoweredOffEvent"));
            HttpResponse<String> notAnEvent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(echo.uri())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(notAnEvent.statusCode()).isEqualTo(400);
            assertThat(notAnEvent.body()).contains("missing specversion, id, source, type");
        }
    }
}
