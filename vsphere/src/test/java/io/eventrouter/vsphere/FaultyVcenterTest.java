package io.eventrouter.vsphere;

import io.eventrouter.http.ClientTls;
import io.eventrouter.testing.vcenter.FaultyVcenter;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import io.eventrouter.vsphere.vim25.ManagedObjectReference;
import io.eventrouter.vsphere.vim25.NotAuthenticatedException;
import io.eventrouter.vsphere.vim25.ServiceContent;
import io.eventrouter.vsphere.vim25.VimClient;
import io.eventrouter.vsphere.vim25.VimConnectionException;
import io.eventrouter.vsphere.vim25.VimFaultException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fault-injecting vCenter itself, driven with the vim25 client: it passes calls through, and each fault works. */
class FaultyVcenterTest {

    private static VimClient client(URI sdkUrl, Duration timeout) {
        return new VimClient(sdkUrl, ClientTls.systemDefault().context(true), Duration.ofSeconds(2), timeout,
                new SimpleMeterRegistry());
    }

    @Test
    void passesCallsThroughAndStallsTheCollectorsOfThatMoment() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); FaultyVcenter vc = FaultyVcenter.start(vcsim.sdkUrl(), null);
             VimClient client = client(vc.sdkUrl(), Duration.ofSeconds(10));
             EventPoster poster = vcsim.eventPoster()) {
            ServiceContent content = client.open("user", "pass");
            Instant begin = client.currentTime();
            ManagedObjectReference stalled = client.createCollectorForEvents(content.eventManager(),
                    content.rootFolder(), begin);
            poster.post(EventPoster.generalUserEvent("one"));
            vc.stallCurrentCollectors();
            poster.post(EventPoster.generalUserEvent("two"));

            assertThat(client.readNextEvents(stalled, 100)).isEmpty(); // though two events wait
            ManagedObjectReference fresh = client.createCollectorForEvents(content.eventManager(),
                    content.rootFolder(), begin);
            assertThat(client.readNextEvents(fresh, 100)).extracting(event -> String.valueOf(event.childText("message")))
                    .contains("two");
            assertThat(vc.calls("ReadNextEvents")).isEqualTo(2);

            vc.healAll();
            assertThat(client.readNextEvents(stalled, 100)).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void expiresTheSessionAtAnyCallAndCapsCollectors() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); FaultyVcenter vc = FaultyVcenter.start(vcsim.sdkUrl(), null);
             VimClient client = client(vc.sdkUrl(), Duration.ofSeconds(10))) {
            ServiceContent content = client.open("user", "pass");
            vc.expireSessionAt("CurrentTime");
            assertThatThrownBy(client::currentTime).isInstanceOf(NotAuthenticatedException.class);
            assertThatThrownBy(client::currentTime).isInstanceOf(NotAuthenticatedException.class); // it stays ended

            client.login(content.sessionManager(), "user", "pass");
            vc.collectorLimit(1);
            Instant now = client.currentTime();
            ManagedObjectReference first = client.createCollectorForEvents(content.eventManager(),
                    content.rootFolder(), now);
            assertThatThrownBy(() -> client.createCollectorForEvents(content.eventManager(), content.rootFolder(), now))
                    .isInstanceOfSatisfying(VimFaultException.class,
                            fault -> assertThat(fault.faultType()).isEqualTo("InvalidState"));
            client.destroyCollector(first);
            client.createCollectorForEvents(content.eventManager(), content.rootFolder(), now);
            assertThat(vc.collectorsRefused()).isEqualTo(1);
            assertThat(vc.collectorsBySession().values()).singleElement().satisfies(set -> assertThat(set).hasSize(1));

            vc.expireSessions();
            assertThatThrownBy(client::currentTime).isInstanceOf(NotAuthenticatedException.class);
        }
    }

    @Test
    void holdsHungCallsUntilHealed() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); FaultyVcenter vc = FaultyVcenter.start(vcsim.sdkUrl(), null);
             VimClient client = client(vc.sdkUrl(), Duration.ofMillis(500))) {
            client.open("user", "pass");
            vc.hang("CurrentTime");
            assertThatThrownBy(client::currentTime).isInstanceOf(VimConnectionException.class)
                    .hasMessageContaining("no answer");
            assertThat(vc.hungCalls()).isEqualTo(1);
            vc.healAll();
            assertThat(client.currentTime()).isNotNull();
        }
    }
}
