package io.eventrouter.app.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.eventrouter.app.RunningRouter;
import io.eventrouter.testing.CloudEventsReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Red-team cases of the viewer (unauthenticated on the default configuration): foreign Host headers (DNS
 * rebinding), filters nested beyond reason, and clients that go away; each gets a clear answer, none a 500, none a
 * warning per client.
 */
class ViewerHostileInputTest {

    private static CloudEventsReceiver receiver;
    private static RunningRouter router;
    private static URI server;

    @BeforeAll
    static void start() throws Exception {
        receiver = CloudEventsReceiver.start();
        router = RunningRouter.start(RunningRouter.webhookToKnative(receiver.uri(), "binary", "", """
                    viewer:
                      allowedHosts: [router.example.com]
                """));
        server = router.metrics("/");
    }

    @AfterAll
    static void stop() throws Exception {
        router.close();
        receiver.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/events", "/events/history", "/events/counts", "/events/stream", "/events/viewer.js"})
    void aForeignHostNameIsRefused(String path) throws Exception {
        for (String host : new String[] {"attacker.example", "attacker.example:" + server.getPort(),
                "router.example.com.attacker.example", "localhost.attacker.example", ""}) {
            String answer = RawHttp.get(server, path, host);
            assertThat(RawHttp.status(answer)).as(host + " " + answer).isIn(400, 403);
        }
    }

    @Test
    void ipAddressesLocalhostAndConfiguredNamesAreServed() throws Exception {
        for (String host : new String[] {"127.0.0.1:" + server.getPort(), "127.0.0.1", "localhost:" + server.getPort(),
                "LOCALHOST", "viewer.localhost", "[::1]:" + server.getPort(), "router.example.com",
                "Router.Example.Com:443"}) {
            String answer = RawHttp.get(server, "/events/counts", host);
            assertThat(RawHttp.status(answer)).as(host + " " + answer).isEqualTo(200);
        }
        // the metrics endpoints are not the viewer: Prometheus and probes use any name
        assertThat(RawHttp.status(RawHttp.get(server, "/healthz", "router.internal.svc"))).isEqualTo(200);
    }

    @Test
    void deeplyNestedFiltersAreABadRequestNotAServerError() throws Exception {
        String nested = "(".repeat(500) + "true" + ")".repeat(500);
        for (String path : new String[] {"/events/history?filter=", "/events/stream?filter="}) {
            String answer = RawHttp.get(server, path + URLEncoder.encode(nested, StandardCharsets.UTF_8), "127.0.0.1");
            assertThat(RawHttp.status(answer)).isEqualTo(400);
            assertThat(answer).contains("levels deep");
        }
        // 20,000 parentheses do not fit in a request line: the server refuses the line itself
        String huge = "(".repeat(20_000) + "true" + ")".repeat(20_000);
        int status = RawHttp.status(RawHttp.get(server, "/events/history?filter=" + huge, "127.0.0.1"));
        assertThat(status).isBetween(400, 499);
        String tooLong = "subject = 'x' OR ".repeat(300) + "true";
        String answer = RawHttp.get(server, "/events/history?filter=" + URLEncoder.encode(tooLong,
                StandardCharsets.UTF_8), "127.0.0.1");
        assertThat(RawHttp.status(answer)).isIn(400, 414, 431);
    }

    @Test
    void clientsThatGoAwayAreNotAWarningEach() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            URI webhook = router.webhook();
            for (int i = 0; i < 20; i++) {
                // a stream opened and dropped, and a webhook body cut short
                try (Socket socket = new Socket(server.getHost(), server.getPort())) {
                    socket.getOutputStream().write(("GET /events/stream?filter=" + URLEncoder.encode(
                            "source LIKE '%%%%%%%%%%%%%%Z'", StandardCharsets.UTF_8) + " HTTP/1.1\r\nHost: 127.0.0.1"
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    InputStream in = socket.getInputStream();
                    assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
                }
                try (Socket socket = new Socket(webhook.getHost(), webhook.getPort())) {
                    socket.setSoLinger(true, 0); // reset, as a client killed mid-request
                    socket.getOutputStream().write(("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                            + "application/cloudevents+json\r\nContent-Length: 1000\r\n\r\n{\"id\":")
                            .getBytes(StandardCharsets.US_ASCII));
                }
            }
            assertThat(RawHttp.status(RawHttp.get(server, "/healthz", "127.0.0.1"))).isEqualTo(200);
            assertThat(logs.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                    .filteredOn(event -> event.getLoggerName().startsWith("io.eventrouter"))
                    .isEmpty();
        } finally {
            root.detachAppender(logs);
        }
    }
}
