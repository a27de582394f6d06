package io.eventrouter.vsphere.vcsim;

import io.eventrouter.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixture itself: start, answer, events in, events out, kill and restart on the same port. */
class VcsimTest {

    @TempDir
    Path temp;

    private static String versions(URI sdkUrl) throws Exception {
        try (HttpClient http = HttpClient.newBuilder()
                .sslContext(io.eventrouter.http.ClientTls.systemDefault().context(true)).build()) {
            return http.send(HttpRequest.newBuilder(URI.create(sdkUrl + "/vimServiceVersions.xml")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    @Test
    void plainHttpSimulatorTakesPostedEventsAndShowsThemInEvjson() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().plainHttp().args("-api-version", "8.0.2.0").start()) {
            assertThat(vcsim.sdkUrl().getScheme()).isEqualTo("http");
            assertThat(versions(vcsim.sdkUrl())).contains("<version>8.0.2.0</version>");
            try (EventPoster poster = vcsim.eventPoster()) {
                poster.postAll(List.of(EventPoster.generalUserEvent("one"),
                        EventPoster.eventEx("com.example.two", "info", "two", null),
                        EventPoster.extendedEvent("com.example.three", "three", new EventPoster.Ref("Folder",
                                "group-d1"), List.<String[]>of(new String[]{"k", "v"}))), 2);
            }
            vcsim.govc().powerOff("DC0_H0_VM0");
            List<String> events = vcsim.evjson();
            assertThat(events).hasSizeGreaterThan(26)
                    .anyMatch(line -> line.contains("\"eventType\":\"ExtendedEvent\"") && line.contains("com.example.three"))
                    .anyMatch(line -> line.contains("\"eventType\":\"EventEx\""))
                    .anyMatch(line -> line.contains("\"eventType\":\"VmPoweredOffEvent\""));
        }
    }

    @Test
    void httpsWithOwnCertificateSurvivesKillAndRestartOnTheSamePort() throws Exception {
        TestCertificates.Pair certificate = TestCertificates.selfSigned(temp, "vcsim");
        Vcsim vcsim = Vcsim.builder().certificate(certificate.cert(), certificate.key())
                .credentials("admin", "s3cret").start();
        try {
            assertThat(vcsim.urlWithCredentials().toString()).startsWith("https://admin:s3cret@127.0.0.1:");
            assertThat(versions(vcsim.sdkUrl())).contains("urn:vim25");
            long pid = vcsim.pid();
            vcsim.kill();
            assertThat(vcsim.isAlive()).isFalse();
            Vcsim again = vcsim.restart();
            try {
                assertThat(again.port()).isEqualTo(vcsim.port());
                assertThat(again.pid()).isNotEqualTo(pid);
                assertThat(versions(again.sdkUrl())).contains("urn:vim25");
            } finally {
                again.close();
            }
            assertThat(again.isAlive()).isFalse();
        } finally {
            vcsim.close();
        }
    }

    /**
     * A running simulator leaves the JVM's virtual threads their carriers: tests run many simulators beside HTTP
     * servers on virtual threads (ScaleOutTest: 15 simulators, a CloudEvents receiver). Checked in a JVM with a single
     * carrier and no spare, where a simulator holding one would leave none.
     */
    @Test
    void aRunningSimulatorHoldsNoCarrierThreadOfVirtualThreads() throws Exception {
        Process probe = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "-cp", System.getProperty("java.class.path"), VirtualThreadProbe.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(probe.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).as(output).isZero();
    }
}
