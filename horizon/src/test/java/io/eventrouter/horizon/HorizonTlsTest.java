package io.eventrouter.horizon;

import io.eventrouter.health.HealthRegistry;
import io.eventrouter.http.ClientTls;
import io.eventrouter.routing.Router;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.horizon.LocalHorizon;
import io.eventrouter.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Horizon over HTTPS with a self-signed certificate (made with the JDK's keytool): insecureSSL and root CAs. */
class HorizonTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path keys;
    private static SSLContext serverTls;
    private static Path certificate;

    private LocalHorizon horizon;
    private RecordingDestination destination;
    private Router router;
    private HorizonProvider provider;
    private HealthRegistry health;

    @BeforeAll
    static void makeCertificate() throws Exception {
        TestCertificates.Pair made = TestCertificates.selfSigned(keys, "horizon");
        certificate = made.cert();
        serverTls = made.serverContext();
    }

    @AfterEach
    void stop() throws Exception {
        if (provider != null) {
            provider.close();
        }
        if (router != null) {
            router.close(Duration.ofSeconds(1));
        }
        if (horizon != null) {
            horizon.close();
        }
    }

    private void start(boolean insecure, ClientTls tls) throws Exception {
        horizon = new LocalHorizon(serverTls);
        horizon.addEvent(System.currentTimeMillis() - 1_000, "VLSI_USERLOGGEDIN");
        destination = new RecordingDestination();
        router = TestRuns.router(destination, new RouterObserver() { });
        HorizonConfig config = ConfigSections.bind("""
                address: %s
                insecureSSL: %s
                pollInterval: 20ms
                auth: {type: active_directory, activeDirectoryAuth: {domain: corp, username: administrator, password: ReplaceMe}}
                """.formatted(horizon.address(), insecure), HorizonConfig.class);
        health = new HealthRegistry(Clock.systemUTC());
        provider = TestRuns.start(config, TestRuns.FAST, router, health, tls);
    }

    @Test
    void insecureSslAcceptsASelfSignedCertificate() throws Exception {
        start(true, ClientTls.systemDefault());

        await().atMost(WAIT).until(() -> destination.received().size() == 1);
    }

    @Test
    void withVerificationASelfSignedCertificateIsRefusedAndTheProviderStaysDown() throws Exception {
        start(false, ClientTls.systemDefault());

        await().atMost(WAIT).until(() -> health.states().get("horizon").reason().startsWith("cannot reach Horizon"));
        assertThat(health.isUp("horizon")).isFalse();
        assertThat(destination.received()).isEmpty();
    }

    @Test
    void aConfiguredRootCaMakesTheCertificateTrusted() throws Exception {
        start(false, ClientTls.withRootCAs(List.of(certificate)));

        await().atMost(WAIT).until(() -> destination.received().size() == 1);
    }
}
