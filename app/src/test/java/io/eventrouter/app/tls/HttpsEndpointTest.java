package io.eventrouter.app.tls;

import io.eventrouter.http.ClientTls;

import io.eventrouter.http.server.TlsSettings;
import io.eventrouter.http.server.HttpEndpoint;
import io.eventrouter.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The router's endpoints over HTTPS from PEM files: the Java client and curl, right and wrong trust, reloads. */
class HttpsEndpointTest {

    @TempDir
    Path dir;
    private HttpEndpoint endpoint;

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private URI start(Path cert, Path key) throws Exception {
        Path servedCert = dir.resolve("served-cert.pem");
        Path servedKey = dir.resolve("served-key.pem");
        Files.copy(cert, servedCert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(key, servedKey, StandardCopyOption.REPLACE_EXISTING);
        endpoint = HttpEndpoint.create("test", new InetSocketAddress("127.0.0.1", 0),
                new TlsSettings(servedCert, servedKey, Duration.ofMillis(100)));
        endpoint.route("/hello", call -> call.replyText(200, "hello"));
        endpoint.start();
        return URI.create("https://127.0.0.1:" + endpoint.address().getPort() + "/hello");
    }

    private static HttpClient trusting(Path cert) throws Exception {
        return HttpClient.newBuilder().sslContext(ClientTls.withRootCAs(List.of(cert)).context(false)).build();
    }

    @Test
    void servesHttpsToClientsThatTrustTheCertificateOnly() throws Exception {
        TestCertificates.Pair pair = TestCertificates.selfSigned(dir, "router");
        URI uri = start(pair.cert(), pair.key());

        HttpResponse<String> ok = trusting(pair.cert()).send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("hello\n");
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);

        TestCertificates.Pair other = TestCertificates.selfSigned(dir, "someone-else");
        assertThatThrownBy(() -> trusting(other.cert()).send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void curlAgreesAndOldProtocolsAreRefused() throws Exception {
        TestCertificates.Pair pair = TestCertificates.selfSigned(dir, "router");
        URI uri = start(pair.cert(), pair.key());

        assertThat(curl("-sS", "--cacert", pair.cert().toString(), uri.toString())).isZero();
        assertThat(curl("-sS", uri.toString())).isEqualTo(60);
        assertThat(curl("-sS", "--cacert", pair.cert().toString(), "--tlsv1.1", "--tls-max", "1.1", uri.toString()))
                .isNotZero();
        assertThat(curl("-sS", "--cacert", pair.cert().toString(), "--tlsv1.3", uri.toString())).isZero();
    }

    @Test
    void readsTraditionalRsaKeysToo() throws Exception {
        TestCertificates.Pair pair = TestCertificates.selfSigned(dir, "router");
        URI uri = start(pair.cert(), TestCertificates.toPkcs1(pair.key()));
        assertThat(trusting(pair.cert()).send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    }

    @Test
    void aReplacedCertificateIsServedWithoutRestart() throws Exception {
        TestCertificates.Pair first = TestCertificates.selfSigned(dir, "first");
        TestCertificates.Pair second = TestCertificates.selfSigned(dir, "second");
        URI uri = start(first.cert(), first.key());
        assertThat(servedSubject(uri, first.cert())).contains("CN=first");

        Files.copy(second.key(), dir.resolve("served-key.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(second.cert(), dir.resolve("served-cert.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(dir.resolve("served-cert.pem"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> servedSubject(uri, second.cert()).contains("CN=second"));
    }

    private static String servedSubject(URI uri, Path trusted) throws Exception {
        HttpResponse<Void> response = trusting(trusted).send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.discarding());
        SSLSession session = response.sslSession().orElseThrow();
        return ((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    private static int curl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "--max-time", "10", "-o", "/dev/null"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}
