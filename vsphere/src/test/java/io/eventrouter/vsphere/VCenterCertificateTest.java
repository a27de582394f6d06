package io.eventrouter.vsphere;

import io.eventrouter.http.ClientTls;
import io.eventrouter.testing.TestCertificates;
import io.eventrouter.testing.vcenter.FaultyVcenter;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import io.eventrouter.vsphere.vim25.Thumbprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static io.eventrouter.vsphere.VCenterStallTest.messages;
import static io.eventrouter.vsphere.VCenterStallTest.names;
import static io.eventrouter.vsphere.VCenterStallTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Thumbprint pinning against real TLS servers (vcsim with a certificate no CA signed, and the fault-injecting vCenter
 * serving HTTPS), and the fault "vCenter restarts with a new certificate": trusted or insecure, the provider
 * reconnects and loses nothing; pinned to the old thumbprint, it refuses the new certificate and says so in its
 * health, log and metrics until vCenter shows the pinned certificate again.
 */
class VCenterCertificateTest {

    @TempDir
    Path dir;

    @Test
    void aPinnedThumbprintTrustsASelfSignedVcenterAndNothingElse() throws Exception {
        TestCertificates.Pair vcCert = TestCertificates.selfSigned(dir, "vc");
        TestCertificates.Pair other = TestCertificates.selfSigned(dir, "other");
        try (Vcsim vcsim = Vcsim.builder().certificate(vcCert.cert(), vcCert.key()).start();
             EventPoster poster = vcsim.eventPoster()) {
            ProviderHarness.Config pinned = ProviderHarness.config(vcsim);
            pinned.insecure = false; // no CA trusts vcsim's certificate: only the thumbprint does
            pinned.thumbprint = thumbprint(vcCert.cert()).toString().toLowerCase();
            try (ProviderHarness harness = new ProviderHarness(pinned.build(), ClientTls.systemDefault())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> harness.health.up);
                post(poster, "pinned", 3);
                await().atMost(Duration.ofSeconds(20)).until(() -> messages(harness).containsAll(names("pinned", 3)));
            }

            ProviderHarness.Config wrong = ProviderHarness.config(vcsim);
            wrong.insecure = false;
            wrong.thumbprint = thumbprint(other.cert()).toString();
            try (ProviderHarness harness = new ProviderHarness(wrong.build(), ClientTls.systemDefault())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> mismatches(harness) >= 2);
                assertThat(harness.health.reports).noneMatch("up"::equals);
                assertThat(harness.health.reports.getLast()).contains(thumbprint(vcCert.cert()).toString(),
                        thumbprint(other.cert()).toString());
                assertThat(harness.processor.delivered).isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"trusted CA", "insecureSSL"})
    void aNewCertificateThatIsTrustedIsReconnectedToWithNothingLost(String trust) throws Exception {
        TestCertificates.Pair oldCert = TestCertificates.selfSigned(dir, "vc-old");
        TestCertificates.Pair newCert = TestCertificates.selfSigned(dir, "vc-new");
        try (Vcsim vcsim = Vcsim.builder().start(); EventPoster poster = vcsim.eventPoster();
             FaultyVcenter vc = FaultyVcenter.start(vcsim.sdkUrl(), oldCert.serverContext())) {
            ProviderHarness.Config config = new ProviderHarness.Config(vc.sdkUrl(), vcsim.username(),
                    vcsim.password());
            config.insecure = trust.equals("insecureSSL");
            ClientTls tls = config.insecure ? ClientTls.systemDefault()
                    : ClientTls.withRootCAs(List.of(oldCert.cert(), newCert.cert()));
            try (ProviderHarness harness = new ProviderHarness(config.build(), tls)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> harness.health.up);
                post(poster, "before", 3);
                await().atMost(Duration.ofSeconds(20)).until(() -> messages(harness).containsAll(names("before", 3)));

                vc.restart(newCert.serverContext());
                post(poster, "after", 3);

                await().atMost(Duration.ofSeconds(30)).until(() -> messages(harness).containsAll(names("after", 3)));
                assertThat(harness.deliveredKeys()).doesNotHaveDuplicates().isSorted();
                assertThat(harness.health.up).isTrue();
            }
        }
    }

    @Test
    void aNewCertificateAgainstAPinnedThumbprintIsRefusedAndReportedUntilThePinnedOneIsBack() throws Exception {
        TestCertificates.Pair oldCert = TestCertificates.selfSigned(dir, "vc-old");
        TestCertificates.Pair newCert = TestCertificates.selfSigned(dir, "vc-new");
        try (Vcsim vcsim = Vcsim.builder().start(); EventPoster poster = vcsim.eventPoster();
             FaultyVcenter vc = FaultyVcenter.start(vcsim.sdkUrl(), oldCert.serverContext())) {
            ProviderHarness.Config config = new ProviderHarness.Config(vc.sdkUrl(), vcsim.username(),
                    vcsim.password());
            config.insecure = false;
            config.thumbprint = thumbprint(oldCert.cert()).toString();
            try (ProviderHarness harness = new ProviderHarness(config.build(), ClientTls.systemDefault())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> harness.health.up);
                post(poster, "before", 2);
                await().atMost(Duration.ofSeconds(20)).until(() -> messages(harness).containsAll(names("before", 2)));

                vc.restart(newCert.serverContext());
                post(poster, "during", 3);

                await().atMost(Duration.ofSeconds(20)).until(() -> mismatches(harness) >= 2);
                assertThat(harness.health.up).isFalse();
                assertThat(harness.health.reports.getLast()).contains("thumbprint",
                        thumbprint(newCert.cert()).toString(), thumbprint(oldCert.cert()).toString());
                assertThat(messages(harness)).doesNotContainAnyElementsOf(names("during", 3));

                vc.restart(oldCert.serverContext()); // the pinned certificate is back: no restart of the router
                await().atMost(Duration.ofSeconds(30)).until(() -> messages(harness).containsAll(names("during", 3)));
                assertThat(harness.health.up).isTrue();
                assertThat(harness.deliveredKeys()).doesNotHaveDuplicates().isSorted();
            }
        }
    }

    private static double mismatches(ProviderHarness harness) {
        var counter = harness.meters.find("eventrouter.vcenter.certificate.mismatches").counter();
        return counter == null ? 0 : counter.count();
    }

    static Thumbprint thumbprint(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return Thumbprint.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
    }
}
